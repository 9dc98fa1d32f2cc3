using MigrationSim.Qemu.Qmp;
using MigrationSim.Qemu.Tests.Infrastructure;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Tests.Qmp;

public sealed class QmpMessageTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Greeting_is_recognised_with_the_qemu_version()
    {
        var m = QmpMessage.Parse(Transcript.Line("greeting.json"), Now);

        Assert.Equal(QmpMessageKind.Greeting, m.Kind);
        var qemu = m.Payload.GetProperty("version").GetProperty("qemu");
        Assert.Equal(7, qemu.GetProperty("major").GetInt32());
        Assert.Equal(2, qemu.GetProperty("minor").GetInt32());
    }

    [Fact]
    public void Query_migrate_mid_migration_has_ram_figures()
    {
        var m = QmpMessage.Parse(Transcript.Line("query-migrate-active.json"), Now);
        Assert.Equal(QmpMessageKind.Return, m.Kind);

        var info = MigrationInfo.FromJson(m.Payload);

        Assert.Equal("active", info.Status);
        Assert.False(info.IsTerminal);
        Assert.NotNull(info.Ram);
        Assert.Equal(268967936, info.Ram!.TotalBytes);
        Assert.Equal(4096, info.Ram.PageSizeBytes);
        Assert.True(info.Ram.TransferredBytes > 0);
        Assert.Equal(1, info.Ram.DirtySyncCount);
        Assert.Equal(300, info.ExpectedDowntimeMs);
        Assert.Null(info.DowntimeMs);
    }

    [Fact]
    public void Query_migrate_completed_has_downtime_and_split_bytes()
    {
        var info = MigrationInfo.FromJson(QmpMessage.Parse(Transcript.Line("query-migrate-completed.json"), Now).Payload);

        Assert.Equal("completed", info.Status);
        Assert.True(info.IsTerminal);
        Assert.NotNull(info.DowntimeMs);
        Assert.Equal(0, info.Ram!.RemainingBytes);
        // QEMU's split of the stream: everything sent is precopy + downtime + postcopy bytes.
        Assert.Equal(info.Ram.TransferredBytes, info.Ram.PrecopyBytes + info.Ram.DowntimeBytes + info.Ram.PostcopyBytes);
        Assert.Equal(info.Ram.NormalPages * 4096, info.Ram.NormalBytes);
    }

    [Fact]
    public void Query_migrate_in_postcopy_is_not_terminal()
    {
        var info = MigrationInfo.FromJson(QmpMessage.Parse(Transcript.Line("query-migrate-postcopy-active.json"), Now).Payload);

        Assert.Equal("postcopy-active", info.Status);
        Assert.False(info.IsTerminal);
        Assert.NotNull(info.Ram!.PostcopyRequests);
    }

    [Theory]
    [InlineData("error-unknown-capability.json", "migsim-2", "GenericError", "Parameter 'capability' does not accept value 'no-such-capability'")]
    [InlineData("error-command-not-found.json", "migsim-3", "CommandNotFound", "The command no-such-command has not been found")]
    public void Error_reply_keeps_class_description_and_id(string file, string id, string errorClass, string description)
    {
        var m = QmpMessage.Parse(Transcript.Line(file), Now);

        Assert.Equal(QmpMessageKind.Error, m.Kind);
        Assert.Equal(id, m.Id);
        Assert.Equal(errorClass, m.ErrorClass);
        Assert.Equal(description, m.ErrorDescription);
    }

    [Fact]
    public void Migration_event_has_name_data_and_qemu_timestamp()
    {
        var m = QmpMessage.Parse(Transcript.Line("event-migration.json"), Now);

        Assert.Equal(QmpMessageKind.Event, m.Kind);
        Assert.Equal("MIGRATION", m.Event!.Name);
        Assert.Equal("completed", m.Event.Data.GetProperty("status").GetString());
        Assert.Equal(1795697141L * 1_000_000 + 959952, m.Event.QemuTimestampMicroseconds);
    }

    [Fact]
    public void Event_without_data_has_undefined_data()
    {
        var m = QmpMessage.Parse(Transcript.Line("event-stop.json"), Now);

        Assert.Equal("STOP", m.Event!.Name);
        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, m.Event.Data.ValueKind);
    }

    [Fact]
    public void Query_status_reply_parses_run_state()
    {
        var state = QemuRunState.FromJson(QmpMessage.Parse(Transcript.Line("query-status-prelaunch.json"), Now).Payload);

        Assert.Equal(new QemuRunState("prelaunch", false), state);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"something\": 1}")]
    public void Garbage_is_rejected_with_the_offending_text(string line)
    {
        var ex = Assert.Throws<FormatException>(() => QmpMessage.Parse(line, Now));
        Assert.Contains(line, ex.Message);
    }
}
