using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MigrationSim.Qemu.Qmp;
using MigrationSim.Qemu.Tests.Infrastructure;

namespace MigrationSim.Qemu.Tests.Qmp;

/// <summary>
/// The client against a scripted QMP server on a Unix socket: orderings QEMU produces only
/// occasionally (an event between request and reply) and failures it rarely produces (no reply).
/// The server replays lines recorded from the real QEMU.
/// </summary>
public sealed class QmpClientFakeServerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("migsim-qmp-test-").FullName;
    private Socket? _listener;

    private string SocketPath => Path.Combine(_dir, "fake.qmp");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _listener?.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Serves one connection: greeting, then for each request calls <paramref name="answer"/> (lines to send back).</summary>
    private Task ServeAsync(Func<string, string, IEnumerable<string>> answer)
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
        return Task.Run(async () =>
        {
            using var conn = await _listener.AcceptAsync();
            await using var stream = new NetworkStream(conn);
            using var reader = new StreamReader(stream);
            async Task Send(string line) => await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await Send(Transcript.Line("greeting.json"));
            while (await reader.ReadLineAsync() is { } request)
            {
                using var doc = JsonDocument.Parse(request);
                var command = doc.RootElement.GetProperty("execute").GetString()!;
                var id = doc.RootElement.GetProperty("id").GetString()!;
                foreach (var line in answer(command, id))
                    await Send(line);
            }
        });
    }

    private static string Return(string id, string json) => $"{{\"return\": {json}, \"id\": \"{id}\"}}";

    [Fact]
    public async Task Event_arriving_before_the_reply_is_kept_and_the_reply_still_matched()
    {
        _ = ServeAsync((command, id) => command switch
        {
            "query-status" => [Transcript.Line("event-stop.json"), Return(id, "{\"status\": \"paused\", \"running\": false}")],
            _ => [Return(id, "{}")],
        });

        await using var client = await QmpClient.ConnectAsync(SocketPath, TimeSpan.FromSeconds(5), CancellationToken.None);
        var state = await client.QueryStatusAsync(CancellationToken.None);

        Assert.Equal("paused", state.Status);
        var ev = await client.WaitForEventAsync("STOP", null, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("STOP", ev.Name);
        Assert.Single(client.Events);
    }

    [Fact]
    public async Task Replies_out_of_order_go_to_the_right_callers()
    {
        string? heldId = null;
        _ = ServeAsync((command, id) =>
        {
            if (command == "query-status")
            {
                heldId = id;
                return [];
            }

            if (command == "query-migrate")
                return [Return(id, "{\"status\": \"active\"}"), Return(heldId!, "{\"status\": \"running\", \"running\": true}")];
            return [Return(id, "{}")];
        });

        await using var client = await QmpClient.ConnectAsync(SocketPath, TimeSpan.FromSeconds(5), CancellationToken.None);
        var status = client.QueryStatusAsync(CancellationToken.None);
        while (heldId is null)
            await Task.Yield();
        var migrate = await client.QueryMigrateAsync(CancellationToken.None);

        Assert.Equal("active", migrate.Status);
        Assert.Equal("running", (await status).Status);
    }

    [Fact]
    public async Task Missing_reply_times_out_naming_the_command()
    {
        _ = ServeAsync((command, id) => command == "query-migrate" ? [] : [Return(id, "{}")]);
        await using var client = await QmpClient.ConnectAsync(SocketPath, TimeSpan.FromSeconds(5), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QmpTimeoutException>(() => client.QueryMigrateAsync(CancellationToken.None, TimeSpan.FromMilliseconds(200)));

        Assert.Equal("query-migrate", ex.Command);
    }

    [Fact]
    public async Task Error_reply_becomes_QmpException_with_qemus_words()
    {
        _ = ServeAsync((command, id) => command == "migrate-set-capabilities"
            ? [Transcript.Line("error-unknown-capability.json").Replace("migsim-2", id, StringComparison.Ordinal)]
            : [Return(id, "{}")]);
        await using var client = await QmpClient.ConnectAsync(SocketPath, TimeSpan.FromSeconds(5), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QmpException>(() =>
            client.MigrateSetCapabilitiesAsync([new("no-such-capability", true)], CancellationToken.None));

        Assert.Equal("migrate-set-capabilities", ex.Command);
        Assert.Equal("GenericError", ex.ErrorClass);
        Assert.Equal("Parameter 'capability' does not accept value 'no-such-capability'", ex.Description);
    }

    [Fact]
    public async Task Server_closing_fails_the_waiting_call_instead_of_hanging()
    {
        _ = ServeAsync((command, id) =>
        {
            if (command == "query-migrate")
                _listener!.Dispose();
            return command == "query-migrate" ? throw new IOException("server goes away") : [Return(id, "{}")];
        });
        await using var client = await QmpClient.ConnectAsync(SocketPath, TimeSpan.FromSeconds(5), CancellationToken.None);

        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => client.QueryMigrateAsync(CancellationToken.None, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Connect_to_a_socket_nobody_serves_times_out()
    {
        var ex = await Assert.ThrowsAsync<QmpTimeoutException>(() =>
            QmpClient.ConnectAsync(SocketPath, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains(SocketPath, ex.Command);
    }
}
