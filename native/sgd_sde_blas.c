/*
 * sgd_sde_blas: a small Node-API addon that hands dense products to OpenBLAS (the library NumPy
 * uses), for the optional 'native' kernel backend (src/linalg/backend.ts). Plain C on node_api.h,
 * context-aware (NAPI_MODULE_INIT), so every worker thread can load it.
 *
 * Entry points (all matrices row-major, offsets and leading dimensions in elements, zero copy: the
 * typed arrays' memory is handed to BLAS as is, shared WebAssembly memory included):
 *   sgemm(transA, transB, m, n, k, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc)
 *       C[cOff..] = alpha · op(A) op(B) + beta · C, Float32Array operands; op = transpose when trans ≠ 0
 *   sgemmBlocks(... the sgemm arguments, threads): the same product in blocks fixed by the shape,
 *       shared out to `threads` threads: the same bytes for any thread count (see below)
 *   dgemm(... the same on Float64Array)
 *   dsyrk(trans, n, k, alpha, A, aOff, lda, beta, C, cOff, ldc)
 *       lower triangle of C = alpha · op(A) op(A)ᵀ + beta · C; op(A) is n×k (A, or Aᵀ when trans ≠ 0)
 *   dpotrf(n, A, aOff, lda) → 0 or the order of the first non-positive pivot (LAPACK info)
 *       in place: the lower triangle of the row-major A becomes L with A = L Lᵀ
 *   setThreads(n), getThreads(), config() → OpenBLAS's configuration string (version, core)
 *
 * Every call checks that the indexed extent of each operand lies inside its array and throws a
 * RangeError otherwise: a wrong stride must not read or write outside the array.
 */
#include <node_api.h>
#include <cblas.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>

/* LAPACK's Cholesky, from OpenBLAS (its own C implementation; the trailing length is Fortran's hidden string length). */
extern void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "sgd_sde_blas: N-API call failed: " #call); return NULL; } } while (0)

static int get_int(napi_env env, napi_value v, const char *name, int64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d != d || d < -2147483648.0 || d > 2147483647.0 || (double)(int64_t)d != d) {
    char msg[128];
    snprintf(msg, sizeof msg, "sgd_sde_blas: %s must be a 32-bit integer", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

static int get_double(napi_env env, napi_value v, const char *name, double *out) {
  if (napi_get_value_double(env, v, out) != napi_ok) {
    char msg[128];
    snprintf(msg, sizeof msg, "sgd_sde_blas: %s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* The data pointer and length (elements) of a typed array of the wanted type. */
static int get_array(napi_env env, napi_value v, napi_typedarray_type want, const char *name, void **data, size_t *length) {
  bool is;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is
      || napi_get_typedarray_info(env, v, &type, length, data, &ab, &off) != napi_ok || type != want) {
    char msg[128];
    snprintf(msg, sizeof msg, "sgd_sde_blas: %s must be a %s", name, want == napi_float32_array ? "Float32Array" : "Float64Array");
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* Is the rows×cols block with leading dimension ld at offset off inside an array of len elements? */
static int in_bounds(napi_env env, const char *name, int64_t off, int64_t rows, int64_t cols, int64_t *ld, size_t len) {
  int64_t least = cols > 1 ? cols : 1;
  if (rows >= 0 && cols >= 0 && (rows == 0 || cols == 0) && *ld < least) *ld = least; /* an empty block: BLAS still checks ld */
  if (rows < 0 || cols < 0 || off < 0 || *ld < least) {
    char msg[160];
    snprintf(msg, sizeof msg, "sgd_sde_blas: %s: bad shape (offset %lld, %lld×%lld, leading dimension %lld)",
             name, (long long)off, (long long)rows, (long long)cols, (long long)*ld);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  if (rows == 0 || cols == 0) return 1;
  int64_t last = off + (rows - 1) * *ld + cols; /* one past the last element touched */
  if (last > (int64_t)len) {
    char msg[160];
    snprintf(msg, sizeof msg, "sgd_sde_blas: %s: block reaches element %lld of an array of %zu", name, (long long)last, len);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

static napi_value gemm(napi_env env, napi_callback_info info, int single) {
  size_t argc = 16;
  napi_value argv[16];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 16) { napi_throw_type_error(env, NULL, "sgd_sde_blas: gemm takes 16 arguments"); return NULL; }
  int64_t ta, tb, m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
  double alpha, beta;
  void *a, *b, *c;
  size_t la, lb, lc;
  napi_typedarray_type t = single ? napi_float32_array : napi_float64_array;
  if (!get_int(env, argv[0], "transA", &ta) || !get_int(env, argv[1], "transB", &tb)
      || !get_int(env, argv[2], "m", &m) || !get_int(env, argv[3], "n", &n) || !get_int(env, argv[4], "k", &k)
      || !get_double(env, argv[5], "alpha", &alpha)
      || !get_array(env, argv[6], t, "A", &a, &la) || !get_int(env, argv[7], "aOff", &aOff) || !get_int(env, argv[8], "lda", &lda)
      || !get_array(env, argv[9], t, "B", &b, &lb) || !get_int(env, argv[10], "bOff", &bOff) || !get_int(env, argv[11], "ldb", &ldb)
      || !get_double(env, argv[12], "beta", &beta)
      || !get_array(env, argv[13], t, "C", &c, &lc) || !get_int(env, argv[14], "cOff", &cOff) || !get_int(env, argv[15], "ldc", &ldc))
    return NULL;
  /* stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed), C is m×n */
  if (!in_bounds(env, "A", aOff, ta ? k : m, ta ? m : k, &lda, la)
      || !in_bounds(env, "B", bOff, tb ? n : k, tb ? k : n, &ldb, lb)
      || !in_bounds(env, "C", cOff, m, n, &ldc, lc))
    return NULL;
  if (m == 0 || n == 0) return NULL;
  enum CBLAS_TRANSPOSE opA = ta ? CblasTrans : CblasNoTrans, opB = tb ? CblasTrans : CblasNoTrans;
  if (single) {
    cblas_sgemm(CblasRowMajor, opA, opB, (blasint)m, (blasint)n, (blasint)k, (float)alpha,
                (float *)a + aOff, (blasint)lda, (float *)b + bOff, (blasint)ldb, (float)beta, (float *)c + cOff, (blasint)ldc);
  } else {
    cblas_dgemm(CblasRowMajor, opA, opB, (blasint)m, (blasint)n, (blasint)k, alpha,
                (double *)a + aOff, (blasint)lda, (double *)b + bOff, (blasint)ldb, beta, (double *)c + cOff, (blasint)ldc);
  }
  return NULL;
}

/*
 * sgemm in fixed blocks. OpenBLAS's own threads split a product by the thread count, and its
 * kernels then round differently (measured: 0.3.21 on Zen gives different bytes for 1 and 2
 * threads, and for one call against the same product cut into column blocks). Here the product
 * is cut into blocks that depend only on the shape: along the rows of C when m ≥ n, else along its
 * columns; 4 blocks when that side has ≥ 512, 2 when ≥ 64, else 1; boundaries on multiples of 16.
 * Each block is one single-threaded cblas_sgemm and `threads` POSIX threads share the blocks out,
 * so the bytes depend on the shape, never on the thread count. Few blocks, cut along the long side,
 * keep the cost of the repeated packing small (measured at one thread: 1000×800×784 in two row
 * blocks 83–85 GFLOP/s against 83–89 in one call; twelve column blocks cost 30 %).
 * OpenBLAS itself stays at 1 thread (the caller sets it once).
 */
#define BLOCKS 4
#define MAX_THREADS 64

typedef struct {
  int ta, tb, m, n, k, lda, ldb, ldc;
  float alpha, beta;
  const float *a, *b;
  float *c;
  int starts[BLOCKS + 1];
  int nblocks, threads, rows;
} block_job;

static void run_blocks(const block_job *job, int id) {
  for (int q = id; q < job->nblocks; q += job->threads) {
    int s0 = job->starts[q], s1 = job->starts[q + 1];
    if (s1 <= s0) continue;
    const float *a = job->a, *b = job->b;
    float *c = job->c;
    int m = job->m, n = job->n;
    if (job->rows) { /* rows s0..s1 of C: rows of A (columns of the stored A when transposed) */
      a += job->ta ? (size_t)s0 : (size_t)s0 * job->lda;
      c += (size_t)s0 * job->ldc;
      m = s1 - s0;
    } else {         /* columns s0..s1 of C: columns of B (rows of the stored B when transposed) */
      b += job->tb ? (size_t)s0 * job->ldb : (size_t)s0;
      c += s0;
      n = s1 - s0;
    }
    cblas_sgemm(CblasRowMajor, job->ta ? CblasTrans : CblasNoTrans, job->tb ? CblasTrans : CblasNoTrans,
                m, n, job->k, job->alpha, a, job->lda, b, job->ldb, job->beta, c, job->ldc);
  }
}

typedef struct { const block_job *job; int id; } block_arg;

static void *block_thread(void *p) {
  block_arg *arg = (block_arg *)p;
  run_blocks(arg->job, arg->id);
  return NULL;
}

/* The block boundaries of a side of length len: a function of len only. */
static int block_starts(int len, int *starts) {
  int nb = len >= 512 ? 4 : len >= 64 ? 2 : 1;
  for (int q = 0; q <= nb; q++) {
    int s = (int)(((long long)q * len / nb + 8) / 16) * 16;
    starts[q] = q == nb ? len : (s > len ? len : s);
  }
  return nb;
}

static napi_value sgemm_blocks(napi_env env, napi_callback_info info) {
  size_t argc = 17;
  napi_value argv[17];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 17) { napi_throw_type_error(env, NULL, "sgd_sde_blas: sgemmBlocks takes 17 arguments"); return NULL; }
  int64_t ta, tb, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, threads;
  double alpha, beta;
  void *a, *b, *c;
  size_t la, lb, lc;
  if (!get_int(env, argv[0], "transA", &ta) || !get_int(env, argv[1], "transB", &tb)
      || !get_int(env, argv[2], "m", &m) || !get_int(env, argv[3], "n", &n) || !get_int(env, argv[4], "k", &k)
      || !get_double(env, argv[5], "alpha", &alpha)
      || !get_array(env, argv[6], napi_float32_array, "A", &a, &la) || !get_int(env, argv[7], "aOff", &aOff) || !get_int(env, argv[8], "lda", &lda)
      || !get_array(env, argv[9], napi_float32_array, "B", &b, &lb) || !get_int(env, argv[10], "bOff", &bOff) || !get_int(env, argv[11], "ldb", &ldb)
      || !get_double(env, argv[12], "beta", &beta)
      || !get_array(env, argv[13], napi_float32_array, "C", &c, &lc) || !get_int(env, argv[14], "cOff", &cOff) || !get_int(env, argv[15], "ldc", &ldc)
      || !get_int(env, argv[16], "threads", &threads))
    return NULL;
  if (!in_bounds(env, "A", aOff, ta ? k : m, ta ? m : k, &lda, la)
      || !in_bounds(env, "B", bOff, tb ? n : k, tb ? k : n, &ldb, lb)
      || !in_bounds(env, "C", cOff, m, n, &ldc, lc))
    return NULL;
  if (threads < 1 || threads > MAX_THREADS) { napi_throw_range_error(env, NULL, "sgd_sde_blas: threads must be in [1, 64]"); return NULL; }
  if (m == 0 || n == 0) return NULL;
  block_job job = { (int)ta, (int)tb, (int)m, (int)n, (int)k, (int)lda, (int)ldb, (int)ldc, (float)alpha, (float)beta,
                    (const float *)a + aOff, (const float *)b + bOff, (float *)c + cOff, {0}, 0, 1, m >= n };
  job.nblocks = block_starts(job.rows ? (int)m : (int)n, job.starts);
  job.threads = (int)threads < job.nblocks ? (int)threads : job.nblocks;
  if ((double)m * (double)n * (double)k < 1048576.0) job.threads = 1; /* a thread start costs more than the work; same blocks, same bytes */
  pthread_t tid[MAX_THREADS];
  block_arg args[MAX_THREADS];
  int started = 0;
  for (int t = 1; t < job.threads; t++) {
    args[t].job = &job; args[t].id = t;
    if (pthread_create(&tid[t], NULL, block_thread, &args[t]) != 0) break;
    started = t;
  }
  /* blocks of threads that could not start run here: same blocks, same bytes */
  for (int t = 0; t < job.threads; t++) if (t == 0 || t > started) run_blocks(&job, t);
  for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
  return NULL;
}

static napi_value sgemm(napi_env env, napi_callback_info info) { return gemm(env, info, 1); }
static napi_value dgemm(napi_env env, napi_callback_info info) { return gemm(env, info, 0); }

static napi_value dsyrk(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) { napi_throw_type_error(env, NULL, "sgd_sde_blas: dsyrk takes 11 arguments"); return NULL; }
  int64_t tr, n, k, aOff, lda, cOff, ldc;
  double alpha, beta;
  void *a, *c;
  size_t la, lc;
  if (!get_int(env, argv[0], "trans", &tr) || !get_int(env, argv[1], "n", &n) || !get_int(env, argv[2], "k", &k)
      || !get_double(env, argv[3], "alpha", &alpha)
      || !get_array(env, argv[4], napi_float64_array, "A", &a, &la) || !get_int(env, argv[5], "aOff", &aOff) || !get_int(env, argv[6], "lda", &lda)
      || !get_double(env, argv[7], "beta", &beta)
      || !get_array(env, argv[8], napi_float64_array, "C", &c, &lc) || !get_int(env, argv[9], "cOff", &cOff) || !get_int(env, argv[10], "ldc", &ldc))
    return NULL;
  if (!in_bounds(env, "A", aOff, tr ? k : n, tr ? n : k, &lda, la) || !in_bounds(env, "C", cOff, n, n, &ldc, lc)) return NULL;
  if (n == 0) return NULL;
  cblas_dsyrk(CblasRowMajor, CblasLower, tr ? CblasTrans : CblasNoTrans, (blasint)n, (blasint)k, alpha,
              (double *)a + aOff, (blasint)lda, beta, (double *)c + cOff, (blasint)ldc);
  return NULL;
}

static napi_value dpotrf(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 4) { napi_throw_type_error(env, NULL, "sgd_sde_blas: dpotrf takes 4 arguments"); return NULL; }
  int64_t n, aOff, lda;
  void *a;
  size_t la;
  if (!get_int(env, argv[0], "n", &n) || !get_array(env, argv[1], napi_float64_array, "A", &a, &la)
      || !get_int(env, argv[2], "aOff", &aOff) || !get_int(env, argv[3], "lda", &lda))
    return NULL;
  if (!in_bounds(env, "A", aOff, n, n, &lda, la)) return NULL;
  int info_ = 0;
  if (n > 0) {
    /* row-major lower = column-major upper of the same memory */
    int ni = (int)n, ldi = (int)lda;
    dpotrf_("U", &ni, (double *)a + aOff, &ldi, &info_, 1);
  }
  napi_value out;
  CHECK(napi_create_int32(env, info_, &out));
  return out;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t t;
  if (argc != 1 || !get_int(env, argv[0], "threads", &t)) return NULL;
  if (t < 1) { napi_throw_range_error(env, NULL, "sgd_sde_blas: threads must be ≥ 1"); return NULL; }
  openblas_set_num_threads((int)t);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &out));
  return out;
}

static napi_value config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  const char *s = openblas_get_config();
  const char *core = openblas_get_corename();
  char buf[512];
  snprintf(buf, sizeof buf, "%s; core %s", s ? s : "?", core ? core : "?");
  CHECK(napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    { "sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL },
    { "sgemmBlocks", NULL, sgemm_blocks, NULL, NULL, NULL, napi_enumerable, NULL },
    { "dgemm", NULL, dgemm, NULL, NULL, NULL, napi_enumerable, NULL },
    { "dsyrk", NULL, dsyrk, NULL, NULL, NULL, napi_enumerable, NULL },
    { "dpotrf", NULL, dpotrf, NULL, NULL, NULL, napi_enumerable, NULL },
    { "setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL },
    { "getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL },
    { "config", NULL, config, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
