using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Qmp;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Tests.Capture;

public sealed class PostcopySwitchRuleTests
{
    private static MigrationInfo Active(long syncs) => new() { Status = "active", Ram = new MigrationRamStats { DirtySyncCount = syncs } };

    [Fact]
    public void After_syncs_fires_at_the_count_not_before()
    {
        var rule = PostcopySwitchRule.AfterSyncs(2);

        Assert.False(rule.ShouldSwitch(Active(1), 10_000));
        Assert.True(rule.ShouldSwitch(Active(2), 0));
    }

    [Fact]
    public void After_time_fires_on_elapsed_ms()
    {
        var rule = PostcopySwitchRule.AfterTime(TimeSpan.FromSeconds(1));

        Assert.False(rule.ShouldSwitch(Active(1), 999));
        Assert.True(rule.ShouldSwitch(Active(1), 1000));
    }

    [Theory]
    [InlineData("setup")]
    [InlineData("postcopy-active")]
    [InlineData("completed")]
    public void Never_fires_outside_active_precopy(string status)
    {
        Assert.False(PostcopySwitchRule.Immediately.ShouldSwitch(new MigrationInfo { Status = status }, 5000));
    }

    [Fact]
    public void None_never_fires()
    {
        Assert.False(PostcopySwitchRule.Never.ShouldSwitch(Active(100), 1_000_000));
    }
}
