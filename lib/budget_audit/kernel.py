"""The kernel manager papermill uses.

The kernel process's own stderr is discarded: everything a cell prints travels over the
messaging channel into the executed notebook, so that stream only carries the kernel's
start-up and shutdown chatter, which would otherwise interleave with make's progress lines.
(IPC sockets instead of TCP were tried: their default socket names collide between kernels
started in parallel from the same folder.)
"""

import subprocess

from jupyter_client.manager import AsyncKernelManager


class QuietKernelManager(AsyncKernelManager):
    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)
