"""Benchmark of `resample` against the libraries a user would otherwise reach for.

Run it with ``python -m resample.bench --help``. It is a report: the exit code is 0
whatever the timings say, and non-zero only when something went wrong (an exception,
or resample computing a result that disagrees with the reference).

Layout of the package, one concern per module:

* ``cases.py``      - the case table: what is benchmarked (one entry per case).
* ``pool_ops.py``   - pooling: the operation spec and each contender's way to run it.
* ``deconv_ops.py`` - transposed convolution: the same for conv_transpose (torch, onnxruntime).
* ``compute.py``    - FMA peak, the compute roofline of cases that count FLOPs.
* ``peers.py``      - the peer libraries: import, version, thread control, "n/a".
* ``bandwidth.py``  - streaming-copy bandwidth, the roofline every case is held to.
* ``timing.py``     - warm-up, repeats under a time budget, interleaved rounds.
* ``report.py``     - header, per-case tables, the bar, the summary.
* ``runner.py``     - one case at one thread count: build, time, check results.
* ``verdict.py``    - the bar resample is held to.
* ``cli.py``        - command line and the loop over cases and thread counts
                      (``__main__.py`` only calls it).
"""

from .cli import main

__all__ = ["main"]
