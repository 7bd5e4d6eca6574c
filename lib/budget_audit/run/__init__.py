"""Running audits: the command line (cli), YEAR/PDF → a makefile (plan), one document's
notebooks (pipeline) on a warm kernel (kernel), a batch's warm workers (pool) or a Dask
cluster (cluster), and what is stale (cache)."""
