#!/usr/bin/python3
"""seccomp_exec.py UNIT_FILE PROGRAM [ARGS...]: loads the seccomp filter that systemd would load
for UNIT_FILE's system-call settings, then execs PROGRAM under it (the last step of sandbox.sh,
after no_new_privs is set). From the unit it reads:
  SystemCallFilter=         allow lists and ~deny lists, @groups expanded by systemd-analyze;
                            plus what systemd always allows (execve, exit, exit_group,
                            getrlimit, rt_sigreturn, sigreturn)
  SystemCallErrorNumber=    what a refused call returns (without it: the process is killed)
  SystemCallArchitectures=native   libseccomp's default: other ABIs are killed
  RestrictAddressFamilies=  socket() of any other family fails with EAFNOSUPPORT
  MemoryDenyWriteExecute=   mmap of writable+executable memory, mprotect/pkey_mprotect to
                            executable and shmat(SHM_EXEC) fail with EPERM
  RestrictNamespaces=yes    unshare, setns and clone with a CLONE_NEW* flag fail with EPERM;
                            clone3 with ENOSYS (its flags are out of seccomp's reach), as
                            systemd does
CORDGATE_SECCOMP_STRICT=1 kills the process on a refused call instead, to find one at once.
"""
import errno
import os
import re
import socket
import subprocess
import sys

import seccomp

ALWAYS_ALLOWED = {"execve", "exit", "exit_group", "getrlimit", "rt_sigreturn", "sigreturn"}
CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | \
    0x40000000 | 0x00000080  # NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
PROT_WRITE, PROT_EXEC, SHM_EXEC = 0x2, 0x4, 0o100000


def unit_settings(path):
    settings = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^\s*([A-Za-z]+)=(.*)$", line)
            if m:
                settings.setdefault(m.group(1), []).append(m.group(2).strip())
    return settings


_groups = None


def expand(item):
    """A system call name, or every name of an @group (nested groups expanded), as this
    machine's systemd defines them (`systemd-analyze syscall-filter`, read once)."""
    global _groups
    if not item.startswith("@"):
        return {item}
    if _groups is None:
        out = subprocess.run(["systemd-analyze", "syscall-filter"], check=True,
                             capture_output=True, text=True).stdout
        _groups, current = {}, None
        for line in out.splitlines():
            if line.startswith("@"):
                current = _groups.setdefault(line.strip(), [])
            elif current is not None and line.strip() and not line.strip().startswith("#"):
                current.append(line.strip())
            elif not line.strip():
                current = None
    names = set()
    for member in _groups[item]:
        names |= expand(member)
    return names


def syscall_filter(lines):
    """(allowed or None, denied): systemd's reading of its SystemCallFilter= lines."""
    allowed, denied = None, set()
    for line in lines:
        if not line:
            allowed, denied = None, set()
            continue
        invert = line.startswith("~")
        names = set()
        for item in line.lstrip("~").split():
            names |= expand(item)
        if invert:
            if allowed is None:
                denied |= names
            else:
                allowed -= names
        else:
            allowed = (allowed or set()) | names
    return allowed, denied


def known(name):
    """Whether the native ABI has it (libseccomp numbers the others' negative)."""
    try:
        return seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) >= 0
    except (ValueError, RuntimeError):
        return False


def build(settings, strict):
    """The filter: an allow list (the units have one), every other call refused. A call whose
    arguments matter is allowed only for the argument values the unit permits; the rest falls
    to the refusal (or, for socket, to EAFNOSUPPORT)."""
    errno_name = (settings.get("SystemCallErrorNumber") or [""])[-1]
    refuse = seccomp.KILL_PROCESS if strict or not errno_name else \
        seccomp.ERRNO(getattr(errno, errno_name))
    allowed, _ = syscall_filter(settings.get("SystemCallFilter", []))
    if allowed is None:
        raise SystemExit("seccomp_exec.py: only a SystemCallFilter= allow list is emulated")
    allowed = {name for name in allowed | ALWAYS_ALLOWED if known(name)}
    f = seccomp.SyscallFilter(refuse)

    def allow_when(name, *conditions):
        """Allows `name` for each condition (any of them), if the allow list has it at all."""
        if name in allowed:
            for condition in conditions:
                f.add_rule(seccomp.ALLOW, name, condition)
            allowed.discard(name)

    families = (settings.get("RestrictAddressFamilies") or [""])[-1].split()
    if families and "socket" in allowed:
        keep = {getattr(socket, fam) for fam in families}
        allow_when("socket", *(seccomp.Arg(0, seccomp.EQ, fam) for fam in sorted(keep)))
        for fam in range(64):
            if fam not in keep:
                f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, fam))
        f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.GE, 64))
    if (settings.get("MemoryDenyWriteExecute") or ["no"])[-1] == "yes":
        wx = PROT_WRITE | PROT_EXEC
        allow_when("mmap", *(seccomp.Arg(2, seccomp.MASKED_EQ, wx, v) for v in (0, PROT_WRITE, PROT_EXEC)))
        for name in ("mprotect", "pkey_mprotect"):
            allow_when(name, seccomp.Arg(2, seccomp.MASKED_EQ, PROT_EXEC, 0))
        allow_when("shmat", seccomp.Arg(2, seccomp.MASKED_EQ, SHM_EXEC, 0))
    if (settings.get("RestrictNamespaces") or ["no"])[-1] == "yes":
        allowed.discard("unshare")
        allowed.discard("setns")
        allow_when("clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_NEW, 0))
        if "clone3" in allowed:
            allowed.discard("clone3")
            f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    for name in sorted(allowed):
        f.add_rule(seccomp.ALLOW, name)
    return f


def main():
    unit, argv = sys.argv[1], sys.argv[2:]
    f = build(unit_settings(unit), os.environ.get("CORDGATE_SECCOMP_STRICT") == "1")
    f.load()
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
