// usage: sweep-gc SWEEP.yaml JOBS fresh|arena
// Expands the sweep as `migsim sweep` does, then runs its runs on JOBS workers as SweepExecutor does
// (fresh: new bitmaps per run, as before the arena; arena: one PageBitmapArena per worker thread), and
// prints what the runs alone cost: wall time, allocation, collections by generation, GC pause, JIT; and the
// time to expand the sweep, the first time (as `migsim sweep` does) and again in the same process.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Scenarios.Sweeps;

int jobs = int.Parse(args[1]);
bool arena = args[2] == "arena";
var expanding = Stopwatch.StartNew();
var plan = SweepExpander.Expand(SweepLoader.LoadFile(args[0]), jobs);
double firstExpandSeconds = expanding.Elapsed.TotalSeconds;
expanding.Restart();
SweepExpander.Expand(SweepLoader.LoadFile(args[0]), jobs);
double againExpandSeconds = expanding.Elapsed.TotalSeconds;
int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
long allocated = GC.GetTotalAllocatedBytes(precise: true);
var paused = GC.GetTotalPauseDuration();
var jit = JitInfo.GetCompilationTime();
long methods = JitInfo.GetCompiledMethodCount();
var clock = Stopwatch.StartNew();
using var arenas = new ThreadLocal<PageBitmapArena>(() => new PageBitmapArena());
Parallel.ForEach(Partitioner.Create(plan.Runs, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = jobs }, run =>
{
    if (arena) MigrationSimulation.Run(run.Input, arenas.Value!);
    else MigrationSimulation.Run(run.Input);
});
clock.Stop();
Console.WriteLine($"{plan.Runs.Count} runs, {jobs} jobs, {(arena ? "arena" : "fresh bitmaps")}: {clock.Elapsed.TotalSeconds:0.000} s; " +
                  $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:0} MB; " +
                  $"collections gen0/gen1/gen2 {GC.CollectionCount(0) - gcs[0]}/{GC.CollectionCount(1) - gcs[1]}/{GC.CollectionCount(2) - gcs[2]}; " +
                  $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms; " +
                  $"JIT {(JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0} ms, {JitInfo.GetCompiledMethodCount() - methods} methods; " +
                  $"expanding the sweep {firstExpandSeconds:0.000} s, again {againExpandSeconds:0.000} s");
