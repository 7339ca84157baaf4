/*
 * A plane-to-plane projective map (homography) from four point pairs: the printed page's
 * corner codes to where a photo shows them. Eight unknowns, eight equations, solved by
 * Gaussian elimination with partial pivoting; h33 is fixed at 1.
 */

export interface Point {
  x: number;
  y: number;
}

export type Homography = (point: Point) => Point;

export function homography(from: readonly Point[], to: readonly Point[]): Homography {
  if (from.length !== 4 || to.length !== 4) throw new RangeError('A homography needs four point pairs');
  const a: number[][] = [];
  for (let i = 0; i < 4; i += 1) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < 8; row += 1) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-12) throw new RangeError('The four points are degenerate (three on a line)');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < 8; row += 1) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k < 9; k += 1) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const h = a.map((row, i) => row[8]! / row[i]!);
  return ({ x, y }) => {
    const w = h[6]! * x + h[7]! * y + 1;
    return { x: (h[0]! * x + h[1]! * y + h[2]!) / w, y: (h[3]! * x + h[4]! * y + h[5]!) / w };
  };
}

/** The fourth corner of a parallelogram from three (affine completion, when one code could not be read). */
export function completeParallelogram(a: Point, b: Point, c: Point): Point {
  return { x: a.x + c.x - b.x, y: a.y + c.y - b.y };
}
