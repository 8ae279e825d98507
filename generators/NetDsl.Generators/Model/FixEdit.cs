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
    /// <see cref="Then"/>: further edits of the same fix, applied with this one as one change (a [Flatten] moved from one member
    /// to another, a kernel set at a block's use with the paddings in the block); their targets do not overlap. A fix with
    /// further edits carries its <see cref="Title"/>, as no one edit says what the whole does.
    /// </summary>
    public sealed record FixEdit(FixAction Action, LocationInfo Target, string Argument, string Value, bool Alone = false)
    {
        /// <summary>The further edits of this fix (none for most), reported after <see cref="Target"/> among the additional locations.</summary>
        public EquatableArray<FixEdit> Then { get; init; } = EquatableArray<FixEdit>.Empty;

        /// <summary>What the IDE calls the fix, where one edit's action, argument and value do not say it (a fix of several edits).</summary>
        public string? Title { get; init; }

        /// <summary>Diagnostic property names; documented in docs/diagnostics.md ("Suggested edits").</summary>
        public static class Keys
        {
            public const string Action = "NetDsl.FixAction";
            public const string Argument = "NetDsl.FixArgument";
            public const string Value = "NetDsl.FixValue";
            /// <summary>"true" when the fix is not to be batched with the instance's other fixes of the same title.</summary>
            public const string Alone = "NetDsl.FixAlone";
            /// <summary>How many further edits the fix has (absent for none); edit i (1, 2, …) has these keys with "." + i appended and additional location i.</summary>
            public const string More = "NetDsl.FixMore";
            /// <summary>The fix's title, where it has further edits.</summary>
            public const string Title = "NetDsl.FixTitle";
        }
    }
}
