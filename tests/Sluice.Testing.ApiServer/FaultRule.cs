namespace Sluice.Testing.ApiServer;

/// <summary>
/// One injected failure: requests of <paramref name="Verb"/> on <paramref name="Resource"/> fail with
/// <paramref name="StatusCode"/> (500, 429 with Retry-After, 409, ...) with the given probability.
/// </summary>
public sealed record FaultRule(string Verb, string Resource, int StatusCode, double Probability = 1, int RetryAfterSeconds = 1);
