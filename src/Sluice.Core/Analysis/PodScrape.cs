namespace Sluice.Core.Analysis;

/// <summary>One pod's metrics at one moment: its UID, when it was scraped, when its process started, what it said.</summary>
public sealed record PodScrape(string PodUid, DateTimeOffset ScrapedAt, double? ProcessStartSeconds, MetricsScrape Metrics);
