namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// How far a data check has come (<see cref="DataCheck.Run(DataSource, DataCheckOptions?, System.IProgress{DataCheckProgress}?)"/>):
    /// <paramref name="Checked"/> of split <paramref name="Split"/>'s <paramref name="Total"/> samples read, good or bad.
    /// </summary>
    public sealed record DataCheckProgress(string Split, int Checked, int Total);
}
