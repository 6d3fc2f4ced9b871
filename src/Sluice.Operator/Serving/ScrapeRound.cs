using Sluice.Core.Analysis;

namespace Sluice.Operator.Serving;

/// <summary>One round of scrapes of an arm's pods: when, what the pods said, and which pods could not be read.</summary>
internal sealed record ScrapeRound(DateTimeOffset At, IReadOnlyList<PodScrape> Pods, IReadOnlyList<string> Failures);
