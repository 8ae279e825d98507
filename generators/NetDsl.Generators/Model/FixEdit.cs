namespace NetDsl.Generators.Model
{
    /// <summary>How a suggested fix changes the source, as plain text edits a tool (or a test) can apply without judgement.</summary>
    public enum FixAction
    {
        /// <summary>Replace the text at the target (an argument's value, a whole layer attribute) with <see cref="FixEdit.Value"/>.</summary>
        Replace,
        /// <summary>Append <c>Argument = Value</c> to the attribute at the target.</summary>
        AddArgument,
        /// <summary>Insert <c>Value, </c> right before the attribute at the target (a layer or wiring attribute in the same list).</summary>
        InsertBefore,
        /// <summary>Insert <c>, Value</c> right after the attribute at the target (a layer attribute: the next layer of the member).</summary>
        InsertAfter,
    }

    /// <summary>
    /// The edit a diagnostic's fix makes, checked by re-running the same rules on the edited declaration before it is offered.
    /// Reported as the diagnostic's properties (see <see cref="Keys"/>) with <see cref="Target"/> as its first additional location.
    /// <see cref="Alone"/>: the same edit elsewhere in the instance (another diagnostic's fix with the same action, argument and
    /// value) does not build together with this one, so a fix-all must not apply them as one batch.
    /// </summary>
    public sealed record FixEdit(FixAction Action, LocationInfo Target, string Argument, string Value, bool Alone = false)
    {
        /// <summary>Diagnostic property names; documented in docs/diagnostics.md ("Suggested edits").</summary>
        public static class Keys
        {
            public const string Action = "NetDsl.FixAction";
            public const string Argument = "NetDsl.FixArgument";
            public const string Value = "NetDsl.FixValue";
            /// <summary>"true" when the fix is not to be batched with the instance's other fixes of the same title.</summary>
            public const string Alone = "NetDsl.FixAlone";
        }
    }
}
