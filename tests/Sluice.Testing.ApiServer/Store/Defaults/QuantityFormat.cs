namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>How a quantity was written, which decides how it is written back (resource.Format).</summary>
internal enum QuantityFormat
{
    /// <summary>No suffix or n, u, m, k, M, G, T, P, E.</summary>
    DecimalSI,

    /// <summary>Ki, Mi, Gi, Ti, Pi, Ei.</summary>
    BinarySI,

    /// <summary>e3, E-6, ...</summary>
    DecimalExponent,
}
