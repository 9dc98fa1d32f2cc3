namespace MigrationSim.Traces.Format;

/// <summary>The names of the files in a capture folder.</summary>
public static class TraceFiles
{
    public const string Trace = "trace.csv";
    /// <summary>The scenario as run (written by `migsim capture`; validate simulates it).</summary>
    public const string Scenario = "scenario.yaml";
    public const string Summary = "summary.json";
    public const string SerialSource = "serial-src.log";
    public const string SerialDestination = "serial-dst.log";
    public const string QmpEvents = "qmp-events.json";
    /// <summary>Only with CaptureSpec.RecordQmpTranscript: every QMP line, one JSON object per line.</summary>
    public const string QmpTranscriptSource = "qmp-transcript-src.jsonl";
    public const string QmpTranscriptDestination = "qmp-transcript-dst.jsonl";
    /// <summary>Only with `capture --qemu-trace`: QEMU's own trace events, timestamped, one file per side.</summary>
    public const string QemuTraceSource = "qemu-trace-src.log";
    public const string QemuTraceDestination = "qemu-trace-dst.log";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Trace, Summary, SerialSource, SerialDestination, QmpEvents, QmpTranscriptSource, QmpTranscriptDestination, QemuTraceSource, QemuTraceDestination };
}
