// AtomicFile: the target is replaced whole or not at all, and no temp files are left behind.
using System.Text;
using Mnemos.Formats;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Formats;

public class AtomicFileTests
{
    [Fact]
    public void Write_creates_and_then_replaces_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.txt");
        AtomicFile.WriteAllText(path, "first");
        Assert.Equal("first", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["a.txt"], dir.Entries());
    }

    [Fact]
    public void Writer_that_throws_halfway_leaves_the_old_file_intact_and_no_temp_files()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.bin");
        AtomicFile.WriteAllText(path, "old content");
        string? tempSeen = null;
        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("new content, half"));
            stream.Flush();
            tempSeen = dir.Entries().Single(e => e != "model.bin");
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("disk on fire", ex.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(["model.bin"], dir.Entries());
        // The temp file really existed beside the target while writing, hidden and named after it.
        Assert.StartsWith(".model.bin.", tempSeen);
        Assert.EndsWith(".tmp", tempSeen);
    }

    [Fact]
    public void Writer_that_throws_on_a_new_path_creates_nothing()
    {
        using var dir = new TempDirectory();
        Assert.Throws<IOException>(() => AtomicFile.Write(dir.File("new.bin"), stream =>
        {
            stream.WriteByte(1);
            throw new IOException("interrupted");
        }));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Failed_rename_leaves_the_target_intact_and_removes_the_temp_file()
    {
        // A directory in the target's place makes the final rename fail after the data is written.
        using var dir = new TempDirectory();
        string path = dir.File("occupied");
        Directory.CreateDirectory(path);
        System.IO.File.WriteAllText(Path.Combine(path, "inside.txt"), "kept");
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(path, "new"));
        Assert.Equal(["occupied"], dir.Entries());
        Assert.Equal("kept", System.IO.File.ReadAllText(Path.Combine(path, "inside.txt")));
    }

    [Fact]
    public void Missing_directory_throws_and_creates_nothing()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(dir.File(Path.Combine("absent", "x.txt")), "x"));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Text_is_written_as_utf8_without_byte_order_mark()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.txt");
        AtomicFile.WriteAllText(path, "n×d");
        Assert.Equal(new byte[] { (byte)'n', 0xC3, 0x97, (byte)'d' }, File.ReadAllBytes(path));
    }

    // A pid no process has: that of a child that already exited (pids are not reused at once).
    static int DeadPid()
    {
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return child.Id;
    }

    [Fact]
    public void Bug_a_temp_file_left_by_a_killed_writer_is_removed_by_the_next_write_to_its_target()
    {
        using var dir = new TempDirectory();
        string ours = AtomicFile.TempName("m.bin");
        string pid = $".{Environment.ProcessId}.";
        Assert.Contains(pid, ours);
        string stale = ours.Replace(pid, $".{DeadPid()}.");
        string live = AtomicFile.TempName("m.bin");
        string otherTarget = ours.Replace(".m.bin.", ".n.bin.").Replace(pid, $".{DeadPid()}.");
        string foreign = ".m.bin.otherhost.1.0123456789abcdef0123456789abcdef.tmp";
        foreach (string name in new[] { stale, live, otherTarget, foreign }) File.WriteAllText(dir.File(name), "half");

        AtomicFile.WriteAllText(dir.File("m.bin"), "whole");

        // Only the dead writer's temp of this target goes; a live writer's, another target's and
        // another host's stay (removing those could fail a write in progress).
        Assert.Equal(new[] { foreign, live, otherTarget, "m.bin" }.Order(StringComparer.Ordinal), dir.Entries().Order(StringComparer.Ordinal));
        Assert.Equal("whole", File.ReadAllText(dir.File("m.bin")));
    }

    [Fact]
    public void CheckWritable_names_the_path_and_leaves_nothing_behind()
    {
        using var dir = new TempDirectory();
        AtomicFile.CheckWritable(dir.File("ok.bin"));
        Assert.Empty(dir.Entries());
        var missing = Assert.Throws<IOException>(() => AtomicFile.CheckWritable(dir.File(Path.Combine("absent", "x.bin"))));
        Assert.StartsWith($"cannot write '{dir.File(Path.Combine("absent", "x.bin"))}': ", missing.Message);
        Directory.CreateDirectory(dir.File("folder"));
        Assert.Equal($"'{dir.File("folder")}' is a folder, not a file", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(dir.File("folder"))).Message);
    }

    [Fact]
    public void Temp_names_are_unique()
    {
        Assert.NotEqual(AtomicFile.TempName("x"), AtomicFile.TempName("x"));
    }
}
