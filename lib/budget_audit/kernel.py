"""The kernel manager papermill uses: local IPC sockets instead of TCP ports, so kernels need
no network port and ipykernel has nothing to warn about."""

from jupyter_client.manager import AsyncKernelManager
from traitlets import Unicode


class IPCKernelManager(AsyncKernelManager):
    transport = Unicode("ipc")
