using MigrationSim.Qemu.Processes;
using MigrationSim.Qemu.Qmp;
using MigrationSim.Qemu.Tests.Infrastructure;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>The QMP client against a real QEMU started with -S: no guest, no kernel, a second or less.</summary>
public sealed class QmpClientRealQemuTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("migsim-qmp-real-").FullName;
    private QemuProcess? _qemu;

    public async Task InitializeAsync()
    {
        if (QemuLauncher.TryFindQemu() is null && Environment.GetEnvironmentVariable("CI") != "true")
            return; // the [QemuFact] skips the test itself
        _qemu = await QemuLauncher.StartAsync(
            new QemuLaunchOptions("paused", _dir, 64, null, null, null, Accelerator.Tcg, StartPaused: true), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_qemu is not null)
        {
            int pid = _qemu.Pid;
            await _qemu.DisposeAsync();
            ProcessAssert.Gone(pid, "paused qemu");
        }

        Directory.Delete(_dir, recursive: true);
    }

    private QmpClient Qmp => _qemu!.Qmp;

    [QemuFact]
    public async Task Capabilities_are_negotiated_and_status_is_prelaunch()
    {
        Assert.True(Qmp.Greeting.GetProperty("version").GetProperty("qemu").GetProperty("major").GetInt32() >= 7);
        var state = await Qmp.QueryStatusAsync(CancellationToken.None);

        Assert.Equal("prelaunch", state.Status);
        Assert.False(state.Running);
    }

    [QemuFact]
    public async Task Unknown_capability_error_is_surfaced_verbatim()
    {
        var ex = await Assert.ThrowsAsync<QmpException>(() =>
            Qmp.MigrateSetCapabilitiesAsync([new("no-such-capability", true)], CancellationToken.None));

        Assert.Equal("migrate-set-capabilities", ex.Command);
        Assert.Equal("GenericError", ex.ErrorClass);
        Assert.Equal("Parameter 'capability' does not accept value 'no-such-capability'", ex.Description);
        Assert.Contains(ex.Description, ex.Message);
    }

    [QemuFact]
    public async Task Unknown_command_error_keeps_its_class()
    {
        var ex = await Assert.ThrowsAsync<QmpException>(() => Qmp.ExecuteAsync("no-such-command", null, null, CancellationToken.None));

        Assert.Equal("CommandNotFound", ex.ErrorClass);
    }

    [QemuFact]
    public async Task Query_migrate_before_any_migration_has_no_status()
    {
        var info = await Qmp.QueryMigrateAsync(CancellationToken.None);

        Assert.Null(info.Status);
        Assert.Null(info.Ram);
    }

    [QemuFact]
    public async Task Cont_emits_a_resume_event_that_is_kept()
    {
        await Qmp.ExecuteAsync("cont", null, null, CancellationToken.None);

        var ev = await Qmp.WaitForEventAsync("RESUME", null, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(ev.QemuTimestampMicroseconds > 0);
    }

    [QemuFact]
    public async Task Quit_ends_the_process()
    {
        await _qemu!.ShutdownAsync(TimeSpan.FromSeconds(5));

        Assert.True(_qemu.HasExited);
        Assert.Equal(0, _qemu.ExitCode);
    }
}
