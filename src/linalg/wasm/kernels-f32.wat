;; float32 kernels with 128-bit SIMD (f32x4), for src/linalg/{gemm,spmm,vector}-f32.ts.
;; Assembled by src/linalg/wasm/assemble.mjs into kernels-f32.bytes.ts (commit both; a test checks they agree).
;; All pointers are byte offsets into the imported memory; strides are in elements.
;; Column counts `n` handed to these functions are multiples of 4: the TypeScript wrappers do the
;; last n % 4 columns in plain JS. No FMA: relaxed SIMD is not enabled by default in Node 20, so each
;; multiply-add is f32x4.mul + f32x4.add (rounded twice, as float32 BLAS without FMA does).
(module
  ;; shared, so that helper threads (kernel-threads.ts) can run column blocks of the same product
  (memory (import "env" "memory") 1 65536 shared)

  ;; C[4×8] (+)= A[4×k] B[k×8]. A row r at pa + r·ars4, step acs4 along k; B rows step ldb4.
  ;; 8 accumulators + 2 B vectors + 1 broadcast fit the 16 xmm registers (a 4×16 tile spills and runs at a third of the speed).
  (func $tile4x8 (param $pa i32) (param $ars4 i32) (param $acs4 i32) (param $pb i32) (param $ldb4 i32)
                 (param $pc i32) (param $ldc4 i32) (param $k i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $pc1 i32) (local $pc2 i32) (local $pc3 i32)
    (local.set $pc1 (i32.add (local.get $pc) (local.get $ldc4)))
    (local.set $pc2 (i32.add (local.get $pc1) (local.get $ldc4)))
    (local.set $pc3 (i32.add (local.get $pc2) (local.get $ldc4)))
    (if (local.get $acc) (then
      (local.set $c00 (v128.load (local.get $pc)))  (local.set $c01 (v128.load offset=16 (local.get $pc)))
      (local.set $c10 (v128.load (local.get $pc1))) (local.set $c11 (v128.load offset=16 (local.get $pc1)))
      (local.set $c20 (v128.load (local.get $pc2))) (local.set $c21 (v128.load offset=16 (local.get $pc2)))
      (local.set $c30 (v128.load (local.get $pc3))) (local.set $c31 (v128.load offset=16 (local.get $pc3)))))
    (local.set $pa1 (i32.add (local.get $pa) (local.get $ars4)))
    (local.set $pa2 (i32.add (local.get $pa1) (local.get $ars4)))
    (local.set $pa3 (i32.add (local.get $pa2) (local.get $ars4)))
    (block $done (loop $p
      (br_if $done (i32.eqz (local.get $k)))
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $pa1)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $pa2)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat (local.get $pa3)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (local.get $acs4)))
      (local.set $pa1 (i32.add (local.get $pa1) (local.get $acs4)))
      (local.set $pa2 (i32.add (local.get $pa2) (local.get $acs4)))
      (local.set $pa3 (i32.add (local.get $pa3) (local.get $acs4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $ldb4)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $p)))
    (v128.store (local.get $pc) (local.get $c00))  (v128.store offset=16 (local.get $pc) (local.get $c01))
    (v128.store (local.get $pc1) (local.get $c10)) (v128.store offset=16 (local.get $pc1) (local.get $c11))
    (v128.store (local.get $pc2) (local.get $c20)) (v128.store offset=16 (local.get $pc2) (local.get $c21))
    (v128.store (local.get $pc3) (local.get $c30)) (v128.store offset=16 (local.get $pc3) (local.get $c31)))

  ;; C[1×8] (+)= A[1×k] B[k×8]: the rows left over when m % 4 ≠ 0.
  (func $tile1x8 (param $pa i32) (param $acs4 i32) (param $pb i32) (param $ldb4 i32) (param $pc i32) (param $k i32) (param $acc i32)
    (local $c0 v128) (local $c1 v128) (local $a v128)
    (if (local.get $acc) (then
      (local.set $c0 (v128.load (local.get $pc))) (local.set $c1 (v128.load offset=16 (local.get $pc)))))
    (block $done (loop $p
      (br_if $done (i32.eqz (local.get $k)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (v128.load (local.get $pb)))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (local.get $acs4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $ldb4)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $p)))
    (v128.store (local.get $pc) (local.get $c0)) (v128.store offset=16 (local.get $pc) (local.get $c1)))

  ;; C[4×4] (+)= A[4×k] B[k×4]: the last 4 columns when n % 8 = 4.
  (func $tile4x4 (param $pa i32) (param $ars4 i32) (param $acs4 i32) (param $pb i32) (param $ldb4 i32)
                 (param $pc i32) (param $ldc4 i32) (param $k i32) (param $acc i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $b v128)
    (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $pc1 i32) (local $pc2 i32) (local $pc3 i32)
    (local.set $pc1 (i32.add (local.get $pc) (local.get $ldc4)))
    (local.set $pc2 (i32.add (local.get $pc1) (local.get $ldc4)))
    (local.set $pc3 (i32.add (local.get $pc2) (local.get $ldc4)))
    (if (local.get $acc) (then
      (local.set $c0 (v128.load (local.get $pc))) (local.set $c1 (v128.load (local.get $pc1)))
      (local.set $c2 (v128.load (local.get $pc2))) (local.set $c3 (v128.load (local.get $pc3)))))
    (local.set $pa1 (i32.add (local.get $pa) (local.get $ars4)))
    (local.set $pa2 (i32.add (local.get $pa1) (local.get $ars4)))
    (local.set $pa3 (i32.add (local.get $pa2) (local.get $ars4)))
    (block $done (loop $p
      (br_if $done (i32.eqz (local.get $k)))
      (local.set $b (v128.load (local.get $pb)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $pa)) (local.get $b))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat (local.get $pa1)) (local.get $b))))
      (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat (local.get $pa2)) (local.get $b))))
      (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat (local.get $pa3)) (local.get $b))))
      (local.set $pa (i32.add (local.get $pa) (local.get $acs4)))
      (local.set $pa1 (i32.add (local.get $pa1) (local.get $acs4)))
      (local.set $pa2 (i32.add (local.get $pa2) (local.get $acs4)))
      (local.set $pa3 (i32.add (local.get $pa3) (local.get $acs4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $ldb4)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $p)))
    (v128.store (local.get $pc) (local.get $c0)) (v128.store (local.get $pc1) (local.get $c1))
    (v128.store (local.get $pc2) (local.get $c2)) (v128.store (local.get $pc3) (local.get $c3)))

  ;; C[1×4] (+)= A[1×k] B[k×4].
  (func $tile1x4 (param $pa i32) (param $acs4 i32) (param $pb i32) (param $ldb4 i32) (param $pc i32) (param $k i32) (param $acc i32)
    (local $c0 v128)
    (if (local.get $acc) (then (local.set $c0 (v128.load (local.get $pc)))))
    (block $done (loop $p
      (br_if $done (i32.eqz (local.get $k)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (local.get $acs4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $ldb4)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $p)))
    (v128.store (local.get $pc) (local.get $c0)))

  ;; C (+)= A B for C m×n (n a multiple of 4). Column strips outside, row tiles inside, so one strip
  ;; of B (k × 8 floats, 25 KB at k = 784) stays in L1 while every row tile of A streams past it.
  (func (export "gemm") (param $a i32) (param $ars i32) (param $acs i32) (param $b i32) (param $ldb i32)
                        (param $c i32) (param $ldc i32) (param $m i32) (param $k i32) (param $n i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $ars4 i32) (local $acs4 i32) (local $ldb4 i32) (local $ldc4 i32)
    (local $m4 i32) (local $pb i32) (local $pc i32)
    (local.set $ars4 (i32.shl (local.get $ars) (i32.const 2)))
    (local.set $acs4 (i32.shl (local.get $acs) (i32.const 2)))
    (local.set $ldb4 (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc4 (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (block $jdone (loop $jl
      (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $pc (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2))))
        (if (i32.lt_u (local.get $i) (local.get $m4))
          (then
            (if (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $n))
              (then (call $tile4x8 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars4))) (local.get $ars4) (local.get $acs4)
                                   (local.get $pb) (local.get $ldb4) (local.get $pc) (local.get $ldc4) (local.get $k) (local.get $acc)))
              (else (call $tile4x4 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars4))) (local.get $ars4) (local.get $acs4)
                                   (local.get $pb) (local.get $ldb4) (local.get $pc) (local.get $ldc4) (local.get $k) (local.get $acc))))
            (local.set $i (i32.add (local.get $i) (i32.const 4))))
          (else
            (if (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $n))
              (then (call $tile1x8 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars4))) (local.get $acs4)
                                   (local.get $pb) (local.get $ldb4) (local.get $pc) (local.get $k) (local.get $acc)))
              (else (call $tile1x4 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars4))) (local.get $acs4)
                                   (local.get $pb) (local.get $ldb4) (local.get $pc) (local.get $k) (local.get $acc))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (br $il)))
      (local.set $j (i32.add (local.get $j) (select (i32.const 8) (i32.const 4) (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $n)))))
      (br $jl))))

  ;; One sparse row times B, 32 columns: C[0..32) = Σ_{e∈[e,e1)} vals[e] · B[colidx[e], 0..32).
  ;; pe, pe1 are byte offsets of the entries; pb points at column 0 of this strip of B. 32 rather
  ;; than 16 columns halves the per-entry overhead (index load, address, broadcast); measured
  ;; 10-30 % faster on MNIST batches.
  (func $sprow32 (param $colidx i32) (param $vals i32) (param $pe i32) (param $pe1 i32) (param $pb i32) (param $ldb4 i32) (param $pc i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128) (local $a v128) (local $q i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $pe) (local.get $pe1)))
      (local.set $a (v128.load32_splat (i32.add (local.get $vals) (local.get $pe))))
      (local.set $q (i32.add (local.get $pb) (i32.mul (i32.load (i32.add (local.get $colidx) (local.get $pe))) (local.get $ldb4))))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (v128.load (local.get $q)))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $q)))))
      (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $a) (v128.load offset=32 (local.get $q)))))
      (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $a) (v128.load offset=48 (local.get $q)))))
      (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $a) (v128.load offset=64 (local.get $q)))))
      (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $a) (v128.load offset=80 (local.get $q)))))
      (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $a) (v128.load offset=96 (local.get $q)))))
      (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $a) (v128.load offset=112 (local.get $q)))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 4)))
      (br $l)))
    (v128.store (local.get $pc) (local.get $c0)) (v128.store offset=16 (local.get $pc) (local.get $c1))
    (v128.store offset=32 (local.get $pc) (local.get $c2)) (v128.store offset=48 (local.get $pc) (local.get $c3))
    (v128.store offset=64 (local.get $pc) (local.get $c4)) (v128.store offset=80 (local.get $pc) (local.get $c5))
    (v128.store offset=96 (local.get $pc) (local.get $c6)) (v128.store offset=112 (local.get $pc) (local.get $c7)))

  ;; The same, 4 columns.
  (func $sprow4 (param $colidx i32) (param $vals i32) (param $pe i32) (param $pe1 i32) (param $pb i32) (param $ldb4 i32) (param $pc i32)
    (local $c0 v128)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $pe) (local.get $pe1)))
      (local.set $c0 (f32x4.add (local.get $c0)
        (f32x4.mul (v128.load32_splat (i32.add (local.get $vals) (local.get $pe)))
                   (v128.load (i32.add (local.get $pb) (i32.mul (i32.load (i32.add (local.get $colidx) (local.get $pe))) (local.get $ldb4)))))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 4)))
      (br $l)))
    (v128.store (local.get $pc) (local.get $c0)))

  ;; C[r, 0..n) = Σ_e vals[e] · B[colidx[e], 0..n) over the entries of CSR row map[r] (row r when
  ;; hasMap = 0), for r < rows; n a multiple of 4. Rows without entries get zeros.
  (func (export "spmm") (param $rowptr i32) (param $colidx i32) (param $vals i32) (param $map i32) (param $hasMap i32)
                        (param $rows i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $n i32)
    (local $r i32) (local $row i32) (local $pe i32) (local $pe1 i32) (local $j i32) (local $ldb4 i32) (local $pc i32)
    (local.set $ldb4 (i32.shl (local.get $ldb) (i32.const 2)))
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $row (if (result i32) (local.get $hasMap)
        (then (i32.load (i32.add (local.get $map) (i32.shl (local.get $r) (i32.const 2)))))
        (else (local.get $r))))
      (local.set $pe (i32.shl (i32.load (i32.add (local.get $rowptr) (i32.shl (local.get $row) (i32.const 2)))) (i32.const 2)))
      (local.set $pe1 (i32.shl (i32.load offset=4 (i32.add (local.get $rowptr) (i32.shl (local.get $row) (i32.const 2)))) (i32.const 2)))
      (local.set $pc (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r) (local.get $ldc)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.gt_u (i32.add (local.get $j) (i32.const 32)) (local.get $n)))
        (call $sprow32 (local.get $colidx) (local.get $vals) (local.get $pe) (local.get $pe1)
                       (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb4)
                       (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $jl)))
      (block $j4done (loop $j4l
        (br_if $j4done (i32.ge_u (local.get $j) (local.get $n)))
        (call $sprow4 (local.get $colidx) (local.get $vals) (local.get $pe) (local.get $pe1)
                      (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb4)
                      (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $j4l)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl))))

  ;; Heavy ball on n floats (n a multiple of 4): v ← m v − eps g, w ← w + v, where a v below the
  ;; smallest normal float32 (2^-126) becomes 0. Without that flush, the velocity of a weight whose
  ;; gradient stays 0 decays geometrically into subnormals, and subnormal arithmetic (no FTZ in wasm)
  ;; made whole steps several times slower.
  (func (export "heavyBall") (param $w i32) (param $v i32) (param $g i32) (param $n i32) (param $m f32) (param $eps f32)
    (local $end i32) (local $vm v128) (local $ve v128) (local $x v128) (local $tiny v128)
    (local.set $vm (f32x4.splat (local.get $m)))
    (local.set $ve (f32x4.splat (local.get $eps)))
    (local.set $tiny (f32x4.splat (f32.const 0x1p-126)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (local.set $x (f32x4.sub (f32x4.mul (local.get $vm) (v128.load (local.get $v))) (f32x4.mul (local.get $ve) (v128.load (local.get $g)))))
      (local.set $x (v128.and (local.get $x) (f32x4.ge (f32x4.abs (local.get $x)) (local.get $tiny))))
      (v128.store (local.get $v) (local.get $x))
      (v128.store (local.get $w) (f32x4.add (v128.load (local.get $w)) (local.get $x)))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $l))))

  ;; y ← y + alpha x on n floats (n a multiple of 4).
  (func (export "axpy") (param $alpha f32) (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $va v128)
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (f32x4.mul (local.get $va) (v128.load (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $l))))

  ;; Row-wise on an m×n block with row stride ld (n a multiple of 4): C[i,j] ← max(C[i,j] + bias[j], 0).
  (func (export "biasRelu") (param $c i32) (param $ld i32) (param $bias i32) (param $m i32) (param $n i32)
    (local $i i32) (local $pc i32) (local $pb i32) (local $end i32) (local $zero v128)
    (block $idone (loop $il
      (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $pc (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $ld)) (i32.const 2))))
      (local.set $end (i32.add (local.get $pc) (i32.shl (local.get $n) (i32.const 2))))
      (local.set $pb (local.get $bias))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $pc) (local.get $end)))
        (v128.store (local.get $pc) (f32x4.max (f32x4.add (v128.load (local.get $pc)) (v128.load (local.get $pb))) (local.get $zero)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
        (br $l)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il))))

  ;; D[i,j] ← H[i,j] > 0 ? D[i,j] : 0 (the ReLU derivative), m×n blocks with row stride ld, n a multiple of 4.
  (func (export "reluMask") (param $d i32) (param $h i32) (param $ld i32) (param $m i32) (param $n i32)
    (local $i i32) (local $pd i32) (local $ph i32) (local $end i32) (local $zero v128)
    (block $idone (loop $il
      (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $pd (i32.add (local.get $d) (i32.shl (i32.mul (local.get $i) (local.get $ld)) (i32.const 2))))
      (local.set $ph (i32.add (local.get $h) (i32.shl (i32.mul (local.get $i) (local.get $ld)) (i32.const 2))))
      (local.set $end (i32.add (local.get $pd) (i32.shl (local.get $n) (i32.const 2))))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $pd) (local.get $end)))
        (v128.store (local.get $pd) (v128.and (v128.load (local.get $pd)) (f32x4.gt (v128.load (local.get $ph)) (local.get $zero))))
        (local.set $pd (i32.add (local.get $pd) (i32.const 16)))
        (local.set $ph (i32.add (local.get $ph) (i32.const 16)))
        (br $l)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il))))

  ;; out[j] ← Σ_i A[i,j] over an m×n block with row stride ld (n a multiple of 4): bias gradients.
  (func (export "colSum") (param $a i32) (param $ld i32) (param $m i32) (param $n i32) (param $out i32)
    (local $i i32) (local $j i32) (local $p i32) (local $s v128) (local $ld4 i32)
    (local.set $ld4 (i32.shl (local.get $ld) (i32.const 2)))
    (block $jdone (loop $jl
      (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $s (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (f32x4.add (local.get $s) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $ld4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $jl))))
)
