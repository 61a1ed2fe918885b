// A small, real file system for the disk-full and read-only faults: an 48 MB ext4 image, loop-mounted. Needs
// root (mount) and e2fsprogs (mkfs.ext4, chattr); .ci/run runs as root on these machines. Where mounting is
// not allowed, smallFs() returns the reason and the cases are reported as skipped with it, never as passed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SmallFs {
  dir: string;
  /** writes a filler file until the file system is full */
  fill(): void;
  /** deletes the filler */
  unfill(): void;
  /** chattr +i / -i: immutable even for root (chmod does not stop root) */
  immutable(files: string[], on: boolean): void;
  cleanup(): void;
}

function run(cmd: string, args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { ok: r.status === 0, err: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}`.trim() };
}

export function smallFs(): SmallFs | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: "needs root to loop-mount a small file system" };
  const base = mkdtempSync(join(tmpdir(), "ragtime-smallfs-"));
  const image = join(base, "fs.img");
  const dir = join(base, "mnt");
  const steps: [string, string[]][] = [
    ["truncate", ["-s", "48M", image]],
    ["mkfs.ext4", ["-q", "-F", image]],
    ["mkdir", ["-p", dir]],
    ["mount", ["-o", "loop", image, dir]],
  ];
  for (const [cmd, args] of steps) {
    const r = run(cmd, args);
    if (!r.ok) {
      rmSync(base, { recursive: true, force: true });
      return { skip: `${cmd} failed (${r.err || "no output"}): this machine cannot loop-mount a small file system` };
    }
  }
  const filler = join(dir, "filler");
  return {
    dir,
    fill() {
      // dd stops with "No space left on device": the file system is then full, for root too
      run("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"]);
      run("sync", []);
      // and the last few free blocks
      for (let i = 0; i < 64; i++) {
        try {
          writeFileSync(join(dir, `crumb${i}`), Buffer.alloc(4096));
        } catch {
          break;
        }
      }
    },
    unfill() {
      rmSync(filler, { force: true });
      for (let i = 0; i < 64; i++) rmSync(join(dir, `crumb${i}`), { force: true });
    },
    immutable(files, on) {
      for (const f of files) run("chattr", [on ? "+i" : "-i", f]);
    },
    cleanup() {
      run("umount", ["-l", dir]);
      try {
        unlinkSync(image);
      } catch {}
      rmSync(base, { recursive: true, force: true });
    },
  };
}
