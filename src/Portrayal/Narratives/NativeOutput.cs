using System.Runtime.InteropServices;

namespace Portrayal.Narratives;

/// <summary>
/// LightLDA (ML.NET's native LDA) prints its progress straight to the process's standard output, which would break
/// `portrayal topics --format jsonl` and clutter tables. On Linux and macOS file descriptor 1 is pointed at /dev/null while
/// native code runs, and restored after (C stdio buffers flushed on both sides); elsewhere the output is left alone.
/// Calls are serialised, so two silenced sections never interleave their redirections.
/// </summary>
internal static class NativeOutput
{
    private static readonly Lock Gate = new();
    private const int StdOut = 1;
    private const int WriteOnly = 1;

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int from, int to);

    [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "fflush")]
    private static extern int Flush(IntPtr stream);

    static NativeOutput()
    {
        // "libc" is a linker script on glibc systems; point it at the real library.
        NativeLibrary.SetDllImportResolver(typeof(NativeOutput).Assembly, (name, assembly, path) =>
        {
            if (name != "libc") return IntPtr.Zero;
            foreach (var candidate in new[] { "libc.so.6", "libc.so", "/usr/lib/libSystem.dylib", "libc" })
                if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
            return IntPtr.Zero;
        });
    }

    public static T Quiet<T>(Func<T> body)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return body();
        lock (Gate)
        {
            int saved, sink;
            try
            {
                Console.Out.Flush();
                Flush(IntPtr.Zero);
                saved = Dup(StdOut);
                sink = Open("/dev/null", WriteOnly);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return body();
            }
            if (saved < 0 || sink < 0)
            {
                if (saved >= 0) Close(saved);
                if (sink >= 0) Close(sink);
                return body();
            }
            Dup2(sink, StdOut);
            Close(sink);
            try
            {
                return body();
            }
            finally
            {
                Flush(IntPtr.Zero);
                Dup2(saved, StdOut);
                Close(saved);
            }
        }
    }
}
