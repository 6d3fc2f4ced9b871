using Sluice.Core.Dag;

namespace Sluice.Core.Tests;

public sealed class DagPlannerTests
{
    private static List<DagNode> Parse(string graph) => graph.Split(';').Select(part =>
    {
        var sides = part.Split(':');
        return new DagNode(sides[0], sides.Length > 1 && sides[1].Length > 0 ? sides[1].Split(',') : []);
    }).ToList();

    [Theory]
    [InlineData("a;b:a;c:a;d:b,c", "a|b,c|d")]
    [InlineData("ingest;validate:ingest;train:validate;evaluate:train", "ingest|validate|train|evaluate")]
    [InlineData("x;y;z", "x,y,z")]
    public void Plans_levels_in_declaration_order(string graph, string expected)
    {
        var plan = DagPlanner.Plan(Parse(graph));
        Assert.Equal(expected, string.Join("|", plan.Levels.Select(l => string.Join(",", l))));
    }

    [Theory]
    [InlineData("a:c;b:a;c:b", "a -> c -> b -> a")]
    [InlineData("a;b:b", "b -> b")]
    [InlineData("a;b:a,d;c:b;d:c", "b -> d -> c -> b")]
    public void Names_the_cycle(string graph, string expected)
    {
        Assert.Null(DagPlanner.TryPlan(Parse(graph), out var cycle));
        Assert.Equal(expected, string.Join(" -> ", cycle));
    }
}
