"""The kernel manager papermill uses.

- Local IPC sockets instead of TCP ports: no network port, nothing for ipykernel to warn about.
- The kernel process's own stderr is discarded: everything a cell prints travels over the
  messaging channel into the executed notebook, so that stream only carries the kernel's
  shutdown chatter, which would otherwise interleave with make's progress lines.
"""

import subprocess

from jupyter_client.manager import AsyncKernelManager
from traitlets import Unicode


class IPCKernelManager(AsyncKernelManager):
    transport = Unicode("ipc")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)
