// One line to stdout through the runtime's own stream: the least a .NET CLI does.
using var stdout = System.Console.OpenStandardOutput();
stdout.Write("hello\n"u8);
return 0;
