namespace Sluice.Core.Drift;

/// <summary>How p-values of p-value tests (KS, chi-squared) are adjusted across the features of one comparison.</summary>
public enum MultipleTestingCorrection
{
    None,
    Bonferroni,

    /// <summary>Benjamini–Hochberg step-up adjusted p-values (false discovery rate).</summary>
    BenjaminiHochberg,
}
