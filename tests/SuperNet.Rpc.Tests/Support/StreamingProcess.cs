using System.Diagnostics;
using System.Text;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>A long-running client (e.g. supervisorctl tail -f) whose output is watched as it arrives.</summary>
public sealed class StreamingProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _pump;

    public StreamingProcess(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.Environment["PYTHONUNBUFFERED"] = "1"; // a piped Python stdout is block-buffered otherwise
        _process = Process.Start(psi)!;
        _pump = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await _process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output)
                {
                    _output.Append(buffer, 0, n);
                }
            }
        });
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' never appeared; output so far: {Output}");
            if (_process.HasExited && _pump.IsCompleted)
            {
                Assert.Fail($"client exited; output: {Output} {await _process.StandardError.ReadToEndAsync()}");
            }
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
