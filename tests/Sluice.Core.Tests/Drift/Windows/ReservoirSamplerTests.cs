using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class ReservoirSamplerTests
{
    [Theory]
    [InlineData(10, 5)]
    [InlineData(10, 10)]
    [InlineData(10, 1000)]
    [InlineData(1, 50)]
    public void The_first_items_fill_the_slots_in_order_and_later_ones_replace_some(int capacity, int items)
    {
        var sampler = new ReservoirSampler(capacity, 7);
        var slots = new List<int>();
        for (var i = 0; i < items; i++)
        {
            var expectedKept = sampler.NextIsKept;
            var slot = sampler.Offer();
            Assert.Equal(expectedKept, slot >= 0);
            Assert.InRange(slot, -1, capacity - 1);
            slots.Add(slot);
        }

        Assert.Equal(Enumerable.Range(0, Math.Min(capacity, items)), slots.Take(capacity));
        Assert.Equal(items, sampler.Seen);
        Assert.Equal(Math.Min(capacity, items), sampler.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sample_and_another_seed_another()
    {
        static int[] Run(ulong seed)
        {
            var sampler = new ReservoirSampler(50, seed);
            var kept = new int[50];
            for (var i = 0; i < 10_000; i++)
            {
                if (sampler.Offer() is var slot and >= 0)
                {
                    kept[slot] = i;
                }
            }

            return kept;
        }

        Assert.Equal(Run(SeededRandom.StableSeed("monitor\n1")), Run(SeededRandom.StableSeed("monitor\n1")));
        Assert.NotEqual(Run(SeededRandom.StableSeed("monitor\n1")), Run(SeededRandom.StableSeed("monitor\n2")));
    }

    [Fact]
    public void Every_item_is_kept_with_the_same_probability()
    {
        // 2,000 samplers of 20 from 200: each item is kept with probability 0.1, so 200 times in expectation
        // (binomial sd 13.4); every one of the 200 items must be within 5 sd, and early, middle and late items alike.
        const int capacity = 20, items = 200, runs = 2000;
        var counts = new int[items];
        for (var run = 0; run < runs; run++)
        {
            var sampler = new ReservoirSampler(capacity, (ulong)run);
            var kept = new int[capacity];
            for (var i = 0; i < items; i++)
            {
                if (sampler.Offer() is var slot and >= 0)
                {
                    kept[slot] = i;
                }
            }

            foreach (var i in kept)
            {
                counts[i]++;
            }
        }

        Assert.All(counts, c => Assert.InRange(c, 200 - 67, 200 + 67));
        Assert.InRange(counts.Take(20).Average(), 185, 215);
        Assert.InRange(counts.Skip(180).Average(), 185, 215);
    }

    [Theory]
    [InlineData("")]
    [InlineData("monitor-a")]
    [InlineData("ünïcode")]
    public void Stable_seeds_do_not_depend_on_the_process(string text) =>
        Assert.Equal(BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), SeededRandom.StableSeed(text));

    [Fact]
    public void The_generator_is_xoshiro256_starstar_seeded_by_splitmix64()
    {
        // First outputs for seed 0 of the reference algorithms (splitmix64.c seeding xoshiro256starstar.c, transcribed to Python).
        var random = new SeededRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, random.NextUInt64());
    }
}
