using SharpFuzz;
using SuperNet.Fuzz;

// Usage: SuperNet.Fuzz TARGET            run under afl-fuzz (persistent mode, input on stdin)
//        SuperNet.Fuzz TARGET FILE...    run the given inputs once each (replaying a crash)
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: SuperNet.Fuzz {{{string.Join('|', Targets.All.Keys)}}} [FILE...]");
    return 2;
}
if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"ok {file}");
    }
    return 0;
}
Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
