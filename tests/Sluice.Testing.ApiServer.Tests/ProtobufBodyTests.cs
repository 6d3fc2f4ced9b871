using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Protobuf;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>The protobuf body decoder on hand-built bodies: the cases kubectl does not send but a client could.</summary>
public sealed class ProtobufBodyTests
{
    private static ProtoWriter Meta(string name) => new ProtoWriter().String(1, name);

    public static TheoryData<string, byte[], string> Refused => new()
    {
        {
            "an unknown field of the object with a value",
            ProtoWriter.Envelope("v1", "ConfigMap", new ProtoWriter().Message(1, Meta("c")).Varint(9, 1)),
            "field 9 of message ConfigMap"
        },
        {
            "an unknown field of nested metadata (managedFields)",
            ProtoWriter.Envelope("v1", "ConfigMap", new ProtoWriter().Message(1, Meta("c").Message(17, new ProtoWriter().String(1, "kubectl")))),
            "field 17 of message ObjectMeta"
        },
        {
            "a kind without a decoder",
            ProtoWriter.Envelope("batch/v1", "Job", new ProtoWriter().Message(1, Meta("j"))),
            "not batch/v1 Job"
        },
        {
            "a field with the wrong wire type",
            ProtoWriter.Envelope("apps/v1", "Deployment", new ProtoWriter().Message(2, new ProtoWriter().String(1, "3"))),
            "field 1 of message DeploymentSpec has wire type 2, expected 0"
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Data_the_decoder_cannot_place_is_refused_with_415_naming_the_message_and_field(string because, byte[] body, string expected)
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body));
        Assert.True(e.Code == 415, because);
        Assert.Equal("UnsupportedMediaType", e.Reason);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'}' }, "does not start with the Kubernetes envelope prefix")]
    [InlineData(new byte[] { (byte)'k', (byte)'8', (byte)'s', 0, 0x12, 0x05, 0x0a }, "runs past the end")]
    [InlineData(new byte[] { (byte)'k', (byte)'8', (byte)'s', 0, 0x80 }, "runs past the end")]
    public void A_malformed_body_is_a_400(byte[] body, string expected)
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body));
        Assert.Equal(400, e.Code);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_plain_fields_are_left_out_and_set_pointer_fields_are_kept_even_when_zero()
    {
        var spec = new ProtoWriter()
            .Varint(1, 0) // replicas: *int32, explicitly 0
            .Varint(5, 0) // minReadySeconds: int32, unset
            .Varint(7, 0) // paused: bool, unset
            .Message(4, new ProtoWriter().String(1, "RollingUpdate").Message(2, new ProtoWriter()
                .Message(1, new ProtoWriter().Varint(1, 0).Varint(2, 1)) // maxUnavailable: 1
                .Message(2, new ProtoWriter().Varint(1, 1).String(3, "25%")))); // maxSurge: "25%"
        var meta = Meta("d")
            .String(3, "") // namespace: unset
            .Message(8, new ProtoWriter()) // creationTimestamp: zero
            .Message(11, new ProtoWriter().String(1, "app").String(2, "d"))
            .Message(11, new ProtoWriter().String(1, "tier").String(2, "web"))
            .Varint(30, 0); // a field this decoder does not know, carrying only its unset value
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", new ProtoWriter().Message(1, meta).Message(2, spec).Message(3, new ProtoWriter().Varint(2, 0)));

        var expected = JsonNode.Parse("""
            {"kind":"Deployment","apiVersion":"apps/v1",
             "metadata":{"name":"d","creationTimestamp":null,"labels":{"app":"d","tier":"web"}},
             "spec":{"replicas":0,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}}},
             "status":{}}
            """);
        var actual = ProtobufBody.Decode(body);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }

    [Fact]
    public void Secret_data_is_base64_times_are_rfc3339_and_repeated_fields_collect()
    {
        var meta = Meta("s")
            .Message(8, new ProtoWriter().Varint(1, 1_700_000_000))
            .String(14, "a.example/one").String(14, "a.example/two")
            .Message(13, new ProtoWriter().String(1, "Deployment").String(3, "owner").String(4, "u-1").String(5, "apps/v1").Varint(6, 1));
        var secret = new ProtoWriter()
            .Message(1, meta)
            .Message(2, new ProtoWriter().String(1, "k").Bytes(2, [0xff, 0x00, 0x10]))
            .String(3, "Opaque");

        var actual = ProtobufBody.Decode(ProtoWriter.Envelope("v1", "Secret", secret));

        var expected = JsonNode.Parse("""
            {"kind":"Secret","apiVersion":"v1",
             "metadata":{"name":"s","creationTimestamp":"2023-11-14T22:13:20Z","finalizers":["a.example/one","a.example/two"],
               "ownerReferences":[{"kind":"Deployment","name":"owner","uid":"u-1","apiVersion":"apps/v1","controller":true}]},
             "data":{"k":"/wAQ"},"type":"Opaque"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }

    [Fact]
    public void A_pod_keeps_its_container_command_resources_ports_and_env()
    {
        var container = new ProtoWriter()
            .String(1, "main").String(2, "busybox").String(3, "sh").String(3, "-c").String(4, "sleep 1")
            .Message(6, new ProtoWriter().Varint(3, 8080).String(4, "TCP"))
            .Message(7, new ProtoWriter().String(1, "MODE").String(2, "fast"))
            .Message(8, new ProtoWriter()
                .Message(1, new ProtoWriter().String(1, "cpu").Message(2, new ProtoWriter().String(1, "500m")))
                .Message(2, new ProtoWriter().String(1, "memory").Message(2, new ProtoWriter().String(1, "64Mi"))))
            .Varint(16, 0).Varint(18, 0);
        var spec = new ProtoWriter().Message(2, container).String(3, "Never").Varint(11, 0).Varint(4, 0);
        var pod = new ProtoWriter().Message(1, Meta("p")).Message(2, spec).Message(3, new ProtoWriter().String(1, ""));

        var actual = ProtobufBody.Decode(ProtoWriter.Envelope("v1", "Pod", pod));

        var expected = JsonNode.Parse("""
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"main","image":"busybox","command":["sh","-c"],"args":["sleep 1"],
               "ports":[{"containerPort":8080,"protocol":"TCP"}],"env":[{"name":"MODE","value":"fast"}],
               "resources":{"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}}}],
               "restartPolicy":"Never","terminationGracePeriodSeconds":0},
             "status":{}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }
}
