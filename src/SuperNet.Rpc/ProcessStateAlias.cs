// The RPC layer reports Core's process states (SuperNet.Core.Processes). Engine/ViewSnapshots.cs still
// names ProcessState without importing that namespace; this alias keeps it compiling until it does.
global using ProcessState = SuperNet.Core.Processes.ProcessState;
