namespace Sluice.Core.Drift.Windows;

/// <summary>The values of one row, numeric and categorical features in their slots; NaN and null mean missing.</summary>
public sealed class WindowRow
{
    public WindowRow(int numeric, int categorical)
    {
        Numeric = new double[numeric];
        Categorical = new string?[categorical];
        Clear();
    }

    public double[] Numeric { get; }

    public string?[] Categorical { get; }

    /// <summary>Marks every value missing: a feature a line leaves out is missing in that row.</summary>
    public void Clear()
    {
        Array.Fill(Numeric, double.NaN);
        Array.Clear(Categorical);
    }
}
