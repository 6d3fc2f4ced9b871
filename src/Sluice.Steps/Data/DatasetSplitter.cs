namespace Sluice.Steps.Data;

/// <summary>Fractions of a train/validation/test split; test is the rest.</summary>
internal sealed record SplitFractions(double Train, double Validation)
{
    public double Test => 1 - Train - Validation;
}

/// <summary>
/// A deterministic train/validation/test split of row indexes: shuffled with <see cref="SplitMix64"/> from the seed,
/// optionally stratified (each class is split on its own, so every split keeps the class proportions).
/// </summary>
internal static class DatasetSplitter
{
    public static (int[] Train, int[] Validation, int[] Test) Split(IReadOnlyList<string>? strata, int rows, SplitFractions fractions, ulong seed)
    {
        var random = new SplitMix64(seed);
        var groups = strata is null
            ? [Enumerable.Range(0, rows).ToList()]
            : Enumerable.Range(0, rows).GroupBy(i => strata[i], StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        List<int> train = [], validation = [], test = [];
        foreach (var group in groups)
        {
            random.Shuffle(group);
            var nTrain = (int)Math.Round(group.Count * fractions.Train, MidpointRounding.AwayFromZero);
            var nValidation = Math.Min(group.Count - nTrain, (int)Math.Round(group.Count * fractions.Validation, MidpointRounding.AwayFromZero));
            train.AddRange(group.Take(nTrain));
            validation.AddRange(group.Skip(nTrain).Take(nValidation));
            test.AddRange(group.Skip(nTrain + nValidation));
        }

        // Keep the source order inside each split: diffs between runs stay readable and stratified splits interleave.
        return ([.. train.Order()], [.. validation.Order()], [.. test.Order()]);
    }
}
