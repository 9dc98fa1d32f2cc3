using MigrationSim.Analysis.DirtyRate;

namespace MigrationSim.Analysis.Tests.DirtyRate;

public class DirtyRateParserTests
{
    private static string Recorded(string name) => Path.Combine(AppContext.BaseDirectory, "DirtyRate", "Recorded", name);

    [Fact]
    public void A_recorded_qemu_transcript_gives_its_measured_reply()
    {
        var m = DirtyRateParser.ParseFile(Recorded("qmp-qemu7.2-uniform5k-256mib.jsonl"));
        Assert.Equal(32, m.DirtyRateMiBPerSecond);
        Assert.Equal(1, m.CalcTimeSeconds);
        Assert.Equal("page-sampling", m.Mode);
        Assert.Equal("QMP query-dirty-rate", m.Source);
        Assert.Equal(32.0 * (1 << 20), m.BytesPerSecond);
    }

    [Fact]
    public void A_bare_or_pretty_printed_reply_and_milliseconds_are_read()
    {
        var bare = DirtyRateParser.Parse("""{"status": "measured", "sample-pages": 512, "dirty-rate": 108, "mode": "page-sampling", "start-time": 5, "calc-time": 2}""", "x.json");
        Assert.Equal((108.0, 2.0), (bare.DirtyRateMiBPerSecond, bare.CalcTimeSeconds));
        var pretty = DirtyRateParser.Parse("{\n  \"return\": {\n    \"status\": \"measured\",\n    \"dirty-rate\": 7,\n    \"calc-time\": 500,\n    \"calc-time-unit\": \"millisecond\",\n" +
                                           "    \"mode\": \"dirty-ring\",\n    \"vcpu-dirty-rate\": [{\"id\": 0, \"dirty-rate\": 5}, {\"id\": 1, \"dirty-rate\": 2}]\n  }\n}\n", "p.json");
        Assert.Equal((7.0, 0.5, "dirty-ring"), (pretty.DirtyRateMiBPerSecond, pretty.CalcTimeSeconds, pretty.Mode));
        Assert.Equal([5.0, 2.0], pretty.VcpuDirtyRatesMiBPerSecond);
    }

    [Fact]
    public void A_transcript_still_measuring_is_refused_with_its_line()
    {
        var e = Assert.Throws<DirtyRateFormatException>(() => DirtyRateParser.Parse(
            "{\"execute\":\"calc-dirty-rate\",\"arguments\":{\"calc-time\":1}}\n{\"return\":{}}\n{\"execute\":\"query-dirty-rate\"}\n" +
            "{\"return\":{\"status\":\"measuring\",\"sample-pages\":512,\"mode\":\"page-sampling\",\"start-time\":3,\"calc-time\":1}}\n", "t.jsonl"));
        Assert.Contains("t.jsonl:4", e.Message);
        Assert.Contains("'measuring'", e.Message);
    }

    [Fact]
    public void Virsh_domstats_is_read_with_its_vcpus()
    {
        var m = DirtyRateParser.ParseFile(Recorded("virsh-domstats-dirtyrate.txt"));
        Assert.Equal((96.0, 2.0, "dirty-ring", "virsh domstats --dirtyrate"), (m.DirtyRateMiBPerSecond, m.CalcTimeSeconds, m.Mode, m.Source));
        Assert.Equal([60.0, 36.0], m.VcpuDirtyRatesMiBPerSecond);
    }

    [Fact]
    public void Virsh_still_measuring_and_other_files_are_refused_naming_the_file()
    {
        string measuring = Recorded("virsh-domstats-measuring.txt");
        var e = Assert.Throws<DirtyRateFormatException>(() => DirtyRateParser.ParseFile(measuring));
        Assert.Contains($"{measuring}:2", e.Message);
        Assert.Contains("calc_status is 1", e.Message);
        var other = Assert.Throws<DirtyRateFormatException>(() => DirtyRateParser.Parse("name: web\n", "web.yaml"));
        Assert.StartsWith("web.yaml: no dirty rate found", other.Message);
        var negative = Assert.Throws<DirtyRateFormatException>(() => DirtyRateParser.Parse("""{"return": {"status": "measured", "dirty-rate": -1, "calc-time": 1}}""", "n.json"));
        Assert.Contains("n.json:1", negative.Message);
        Assert.Throws<DirtyRateFormatException>(() => DirtyRateParser.ParseFile(Recorded("no-such-file.json")));
    }
}
