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
    /// until after the call.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnheldScalarAnalyzer : DiagnosticAnalyzer
    {
        public const string ImplicitId = "NDS0001";
        public const string HiddenId = "NDS0002";

        static readonly DiagnosticDescriptor Implicit = new(ImplicitId,
            "Implicit TorchSharp Scalar",
            "'{0}' ({1}) becomes a TorchSharp Scalar that nothing holds: its finalizer can free it while LibTorch reads it. " +
            "Take it from a ScalarScope (using var held = new ScalarScope(); … held[value]), a 'using Scalar' local or a static readonly field.",
            "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

        static readonly DiagnosticDescriptor Hidden = new(HiddenId,
            "TorchSharp member that creates a Scalar it does not keep alive",
            "'{0}' creates a TorchSharp Scalar internally and lets it go before LibTorch has read it: {1}",
            "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Implicit, Hidden);

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
            if (conversion.OperatorMethod == null || !TorchSharpMembers.IsScalar(conversion.Type)) return;
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
            string? fix = TorchSharpMembers.HiddenScalarInMethod(invocation.TargetMethod);
            if (fix != null) context.ReportDiagnostic(Diagnostic.Create(Hidden, invocation.Syntax.GetLocation(), invocation.Syntax.ToString(), fix));
        }
    }
}
