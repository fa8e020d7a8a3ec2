// Every test builds on the same two images and drives one container runtime: one at a time keeps the
// suite's load (and its run time on a 2-core machine) predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
