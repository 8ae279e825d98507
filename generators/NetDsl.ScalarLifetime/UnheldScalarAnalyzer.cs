using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NetDsl.ScalarLifetime
{
    /// <summary>
    /// Finds TorchSharp Scalars that nothing keeps alive through the native call that reads them.
    /// A Scalar owns native memory that its finalizer frees. Once TorchSharp has read a temporary Scalar's
    /// handle, the object is unreachable, so a collection started by another thread (a data loader, a
    /// parallel test) can finalize it, and free the memory, while LibTorch is still reading it: a
    /// use-after-free that fails at random ("Expected false to be true" from c10's Scalar::toFloat, seen in
    /// CI) or silently reads another value. Scalars held in a <c>using</c> local or a static field live
    /// until after the call. The same holds for a tensor read into a number through a Scalar (<c>(double)t</c>,
    /// <c>t.ToDouble()</c>: NDS0003) and for an explicit <c>ToScalar()</c> handed straight to a call.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnheldScalarAnalyzer : DiagnosticAnalyzer
    {
        public const string ImplicitId = "NDS0001";
        public const string HiddenId = "NDS0002";
        public const string TensorReadId = "NDS0003";

        static readonly DiagnosticDescriptor Implicit = new(ImplicitId,
            "Implicit TorchSharp Scalar",
            "'{0}' ({1}) becomes a TorchSharp Scalar that nothing holds: its finalizer can free it while LibTorch reads it. " +
            "Take it from a ScalarScope (using var held = new ScalarScope(); … held[value]), a 'using Scalar' local or a static readonly field.",
            "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

        static readonly DiagnosticDescriptor Hidden = new(HiddenId,
            "TorchSharp member that creates a Scalar it does not keep alive",
            "'{0}' creates a TorchSharp Scalar internally and lets it go before LibTorch has read it: {1}",
            "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

        static readonly DiagnosticDescriptor TensorRead = new(TensorReadId,
            "Tensor read into a number through a TorchSharp Scalar nothing holds",
            "'{0}' reads the tensor through a temporary TorchSharp Scalar that its finalizer can free while LibTorch reads it. " +
            "Read it with item<T>() in the tensor's own dtype (item<float>() for float32, item<long>() for int64), or t.to(float64).item<double>().",
            "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Implicit, Hidden, TensorRead);

        public override void Initialize(AnalysisContext context)
        {
            // Generated forwards run on every step: they are checked like hand-written code.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(CheckConversion, OperationKind.Conversion);
            context.RegisterOperationAction(CheckOperator, OperationKind.Binary, OperationKind.CompoundAssignment);
            context.RegisterOperationAction(CheckInvocation, OperationKind.Invocation);
        }

        static void CheckConversion(OperationAnalysisContext context)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.OperatorMethod == null) return;
            if (TorchSharpMembers.IsTensorReadThroughScalar(conversion.OperatorMethod))
            {
                context.ReportDiagnostic(Diagnostic.Create(TensorRead, conversion.Syntax.GetLocation(), conversion.Syntax.ToString()));
                return;
            }
            if (!TorchSharpMembers.IsScalar(conversion.Type)) return;
            context.ReportDiagnostic(Diagnostic.Create(Implicit, conversion.Syntax.GetLocation(),
                conversion.Operand.Syntax.ToString(), conversion.Operand.Type?.ToDisplayString() ?? "?"));
        }

        static void CheckOperator(OperationAnalysisContext context)
        {
            var method = context.Operation switch
            {
                IBinaryOperation binary => binary.OperatorMethod,
                ICompoundAssignmentOperation compound => compound.OperatorMethod,
                _ => null,
            };
            if (method == null || !TorchSharpMembers.IsTensor(method.ContainingType)) return;
            string? fix = TorchSharpMembers.HiddenScalarInOperator(method);
            if (fix != null) context.ReportDiagnostic(Diagnostic.Create(Hidden, context.Operation.Syntax.GetLocation(), context.Operation.Syntax.ToString(), fix));
        }

        static void CheckInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (TorchSharpMembers.IsTensorReadThroughScalar(invocation.TargetMethod))
            {
                context.ReportDiagnostic(Diagnostic.Create(TensorRead, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
                return;
            }
            if (TorchSharpMembers.IsToScalar(invocation.TargetMethod) && HandedStraightOn(invocation))
            {
                context.ReportDiagnostic(Diagnostic.Create(Implicit, invocation.Syntax.GetLocation(),
                    invocation.Syntax.ToString(), "a ToScalar() neither a using local nor a field holds"));
                return;
            }
            string? fix = TorchSharpMembers.HiddenScalarInMethod(invocation.TargetMethod)
                          ?? TorchSharpMembers.HiddenScalarInModule(invocation.TargetMethod, invocation.Instance?.Type);
            if (fix != null) context.ReportDiagnostic(Diagnostic.Create(Hidden, invocation.Syntax.GetLocation(), invocation.Syntax.ToString(), fix));
        }

        /// <summary>
        /// A ToScalar() whose Scalar goes straight into a TorchSharp call (an argument, or the receiver of the next
        /// call) is dropped as soon as its handle is read. One kept in a local, a field or handed to our own code
        /// (ScalarScope.Hold) is that holder's business.
        /// </summary>
        static bool HandedStraightOn(IInvocationOperation made)
        {
            IOperation? parent = made.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            return parent switch
            {
                IArgumentOperation argument => argument.Parent is IInvocationOperation call && IsTorchSharp(call.TargetMethod),
                IInvocationOperation call => call.Instance != null && IsTorchSharp(call.TargetMethod),
                IVariableInitializerOperation initializer => !InUsing(initializer),
                _ => false,
            };
        }

        /// <summary>
        /// A plain local (<c>var s = v.ToScalar();</c>) is no holder: the JIT ends its life at its last read, which is
        /// TorchSharp reading the handle, so the finalizer can run mid-call. A using local is disposed after the calls.
        /// </summary>
        static bool InUsing(IVariableInitializerOperation initializer)
        {
            IOperation? group = initializer.Parent?.Parent?.Parent;   // declarator → declaration → group
            return group?.Parent is IUsingDeclarationOperation or IUsingOperation;
        }

        static bool IsTorchSharp(IMethodSymbol method) =>
            method.ContainingNamespace?.ToDisplayString() is string ns && (ns == "TorchSharp" || ns.StartsWith("TorchSharp."));
    }
}
