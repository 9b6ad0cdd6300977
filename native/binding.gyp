{
  "targets": [
    {
      "target_name": "sgd_sde_blas",
      "sources": ["sgd_sde_blas.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lpthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
