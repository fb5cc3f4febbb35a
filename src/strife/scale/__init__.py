"""Scale: the same extraction on a Spark cluster (`strife.scale.spark`), and the row format its
Parquet output and `strife load` share (`strife.scale.rows`). Local parallelism lives in
`strife.extract.extract_documents(workers=N)`."""
