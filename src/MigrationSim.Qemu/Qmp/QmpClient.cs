using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Qmp;

/// <summary>
/// A QMP client over a Unix domain socket. Every request carries an "id", so replies are matched
/// to requests even when asynchronous events arrive in between; events are kept in
/// <see cref="Events"/> in arrival order. Every call has a timeout.
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    /// <summary>Used when a caller passes no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private readonly List<QmpEvent> _events = [];
    private readonly List<QmpTranscriptLine>? _transcript;
    private readonly TaskCompletionSource<JsonElement> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _readerStop = new();
    private readonly Task _readLoop;
    private long _nextId;
    private volatile Exception? _closedBecause;
    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Pending(string Command, TaskCompletionSource<QmpMessage> Reply);

    private QmpClient(Socket socket, bool recordTranscript)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
        _transcript = recordTranscript ? [] : null;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>QEMU's greeting ("QMP" member: version and capabilities).</summary>
    public JsonElement Greeting { get; private set; }

    /// <summary>Raised on the reader task for every event; keep handlers short.</summary>
    public event Action<QmpEvent>? EventReceived;

    /// <summary>A snapshot of the events received so far, oldest first.</summary>
    public IReadOnlyList<QmpEvent> Events
    {
        get { lock (_events) return _events.ToArray(); }
    }

    /// <summary>Every line sent and received, if the client was connected with transcript recording on.</summary>
    public IReadOnlyList<QmpTranscriptLine> Transcript
    {
        get
        {
            if (_transcript is null) return [];
            lock (_transcript) return _transcript.ToArray();
        }
    }

    /// <summary>
    /// Connects to QEMU's QMP socket, reads the greeting and negotiates capabilities
    /// (qmp_capabilities), after which commands may be sent. Retries the connect until the socket
    /// exists and accepts, since QEMU creates it a moment after start.
    /// </summary>
    public static async Task<QmpClient> ConnectAsync(
        string socketPath, TimeSpan timeout, CancellationToken ct, bool recordTranscript = false,
        Func<bool>? giveUp = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        while (socket is null)
        {
            var candidate = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await candidate.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token);
                socket = candidate;
                continue;
            }
            catch (SocketException)
            {
                // QEMU has not created or started listening on the socket yet.
                candidate.Dispose();
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                candidate.Dispose();
                throw new QmpTimeoutException("connect " + socketPath, timeout);
            }

            if (giveUp?.Invoke() == true)
                throw new IOException($"QMP socket {socketPath} never accepted: the QEMU process has exited");
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new QmpTimeoutException("connect " + socketPath, timeout);
            }
        }

        var client = new QmpClient(socket, recordTranscript);
        try
        {
            client.Greeting = await client._greeting.Task.WaitAsync(timeout, ct);
            await client.ExecuteAsync("qmp_capabilities", null, timeout, ct);
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync();
            throw new QmpTimeoutException("greeting", timeout);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends one command and returns its "return" member. A QMP error becomes a
    /// <see cref="QmpException"/> carrying QEMU's class and description verbatim.
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, TimeSpan? timeout, CancellationToken ct)
    {
        var limit = timeout ?? DefaultTimeout;
        string id = "migsim-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null)
            request["arguments"] = arguments.DeepClone();
        string line = request.ToJsonString();

        var pending = new Pending(command, new TaskCompletionSource<QmpMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        try
        {
            if (_closedBecause is not null)
                throw new QmpConnectionClosedException(command, _closedBecause);

            await _writeLock.WaitAsync(ct);
            try
            {
                Record(sent: true, line);
                var bytes = Encoding.UTF8.GetBytes(line + "\n");
                await _stream.WriteAsync(bytes, ct);
                await _stream.FlushAsync(ct);
            }
            catch (IOException ex)
            {
                throw new QmpConnectionClosedException(command, ex);
            }
            finally
            {
                _writeLock.Release();
            }

            QmpMessage reply;
            try
            {
                reply = await pending.Reply.Task.WaitAsync(limit, ct);
            }
            catch (TimeoutException)
            {
                throw new QmpTimeoutException(command, limit);
            }

            if (reply.Kind == QmpMessageKind.Error)
                throw new QmpException(command, reply.ErrorClass ?? "", reply.ErrorDescription ?? "");
            return reply.Payload;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits until an event with this name (and matching <paramref name="predicate"/>) has arrived; includes events already received.</summary>
    public async Task<QmpEvent> WaitForEventAsync(string name, Func<QmpEvent, bool>? predicate, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_events)
            {
                var found = _events.FirstOrDefault(e => e.Name == name && (predicate?.Invoke(e) ?? true));
                if (found is not null)
                    return found;
                arrived = _eventArrived.Task;
            }

            if (_closedBecause is not null)
                throw new QmpConnectionClosedException("wait for event " + name, _closedBecause);
            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new QmpTimeoutException("wait for event " + name, timeout);
            }
        }
    }

    public async Task<QemuRunState> QueryStatusAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        QemuRunState.FromJson(await ExecuteAsync("query-status", null, timeout, ct));

    public async Task<MigrationInfo> QueryMigrateAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        MigrationInfo.FromJson(await ExecuteAsync("query-migrate", null, timeout, ct));

    /// <summary>The "qemu" member of query-version formatted as major.minor.micro, plus the package string.</summary>
    public async Task<string> QueryVersionAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        var v = await ExecuteAsync("query-version", null, timeout, ct);
        var q = v.GetProperty("qemu");
        string version = $"{q.GetProperty("major").GetInt32()}.{q.GetProperty("minor").GetInt32()}.{q.GetProperty("micro").GetInt32()}";
        string package = v.TryGetProperty("package", out var p) ? p.GetString()?.Trim() ?? "" : "";
        return package.Length > 0 ? $"{version} ({package})" : version;
    }

    /// <summary>migrate-set-capabilities with each named capability set on or off.</summary>
    public Task MigrateSetCapabilitiesAsync(IEnumerable<KeyValuePair<string, bool>> capabilities, CancellationToken ct, TimeSpan? timeout = null)
    {
        var list = new JsonArray();
        foreach (var (name, state) in capabilities)
            list.Add(new JsonObject { ["capability"] = name, ["state"] = state });
        return ExecuteAsync("migrate-set-capabilities", new JsonObject { ["capabilities"] = list }, timeout, ct);
    }

    /// <summary>migrate-set-parameters; <paramref name="parameters"/> uses QEMU's names, e.g. "downtime-limit".</summary>
    public Task MigrateSetParametersAsync(JsonObject parameters, CancellationToken ct, TimeSpan? timeout = null) =>
        ExecuteAsync("migrate-set-parameters", parameters, timeout, ct);

    public Task MigrateAsync(string uri, CancellationToken ct, TimeSpan? timeout = null) =>
        ExecuteAsync("migrate", new JsonObject { ["uri"] = uri }, timeout, ct);

    /// <summary>migrate-incoming on a destination started with -incoming defer: it listens from now on.</summary>
    public Task MigrateIncomingAsync(string uri, CancellationToken ct, TimeSpan? timeout = null) =>
        ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = uri }, timeout, ct);

    public Task MigrateStartPostcopyAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        ExecuteAsync("migrate-start-postcopy", null, timeout, ct);

    public Task MigrateCancelAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        ExecuteAsync("migrate_cancel", null, timeout, ct);

    /// <summary>Asks QEMU to exit. QEMU may close the socket before or right after replying; both count as success.</summary>
    public async Task QuitAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        try
        {
            await ExecuteAsync("quit", null, timeout, ct);
        }
        catch (QmpConnectionClosedException)
        {
        }
    }

    private void Record(bool sent, string line)
    {
        if (_transcript is null) return;
        lock (_transcript) _transcript.Add(new QmpTranscriptLine(sent, DateTimeOffset.UtcNow, line));
    }

    private async Task ReadLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (!_readerStop.IsCancellationRequested)
            {
                string? line = await _reader.ReadLineAsync(_readerStop.Token);
                if (line is null)
                    break;
                if (line.Length == 0)
                    continue;
                Record(sent: false, line);
                Dispatch(QmpMessage.Parse(line, DateTimeOffset.UtcNow));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            reason = ex;
        }

        _closedBecause = reason ?? new EndOfStreamException("QMP socket closed");
        _greeting.TrySetException(new IOException("QMP socket closed before the greeting", _closedBecause));
        foreach (var (_, pending) in _pending)
            pending.Reply.TrySetException(new QmpConnectionClosedException(pending.Command, _closedBecause));
        lock (_events) _eventArrived.TrySetResult();
    }

    private void Dispatch(QmpMessage message)
    {
        switch (message.Kind)
        {
            case QmpMessageKind.Greeting:
                _greeting.TrySetResult(message.Payload);
                break;
            case QmpMessageKind.Event:
                TaskCompletionSource arrived;
                lock (_events)
                {
                    _events.Add(message.Event!);
                    arrived = _eventArrived;
                    _eventArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                arrived.TrySetResult();
                EventReceived?.Invoke(message.Event!);
                break;
            default:
                // QEMU echoes the id; an id-less reply only happens for malformed requests, which
                // this client never sends, so it goes to the oldest waiter rather than being lost.
                var key = message.Id ?? _pending.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
                if (key is not null && _pending.TryGetValue(key, out var pending))
                    pending.Reply.TrySetResult(message);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _readerStop.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        _reader.Dispose();
        await _stream.DisposeAsync();
        _readerStop.Dispose();
        _writeLock.Dispose();
    }
}
