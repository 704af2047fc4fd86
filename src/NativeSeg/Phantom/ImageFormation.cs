using NativeSeg.Imaging.Geometry;

namespace NativeSeg.Phantom;

/// <summary>
/// Noise-free image formation on a target grid (docs/design/phantom.md §4.3): the continuous signal is evaluated on a fine
/// lattice aligned with the grid (≤ 0.5 mm), contracted in-plane with the banded PSF weights (C = W₁·V·W₂ᵀ) and
/// accumulated into the slices through the slice profile W₃, streamed plane by plane. Planes are computed in
/// parallel in small blocks and accumulated in lattice order, so results do not depend on thread timing.
/// Returns the signal and the intracranial fraction per voxel.
/// </summary>
public static class ImageFormation
{
    private const int Block = 8;

    public static (float[] Signal, float[] Icv) Render(PhantomSubject subject, GridGeometry grid, PsfAxis[] axes, DeformationField field)
    {
        var shape = grid.Shape;
        var lesions = subject.LesionsInFrame(grid.Directions);

        // Which output slices each lattice plane feeds, with what weight.
        var feeds = new List<(int Slice, float Weight)>?[axes[2].Count];
        for (int n = 0; n < shape.Z; n++)
            for (int q = 0; q < axes[2].Weights[n].Length; q++)
                if (axes[2].Weights[n][q] != 0)
                    (feeds[axes[2].First[n] + q] ??= new()).Add((n, axes[2].Weights[n][q]));
        var planes = Enumerable.Range(0, feeds.Length).Where(m => feeds[m] != null).ToArray();

        int sliceSize = shape.X * shape.Y;
        var signal = new float[shape.Count];
        var icv = new float[shape.Count];
        for (int start = 0; start < planes.Length; start += Block)
        {
            int count = Math.Min(Block, planes.Length - start);
            var rendered = new (float[] S, float[] I)[count];
            Parallel.For(0, count, b => rendered[b] = RenderPlane(subject, grid, axes, field, lesions, planes[start + b]));
            for (int b = 0; b < count; b++)
                foreach (var (slice, weight) in feeds[planes[start + b]]!)
                {
                    int offset = slice * sliceSize;
                    var (s, ic) = rendered[b];
                    for (int v = 0; v < sliceSize; v++)
                    {
                        signal[offset + v] += weight * s[v];
                        icv[offset + v] += weight * ic[v];
                    }
                }
        }
        return (signal, icv);
    }

    private static (float[] S, float[] I) RenderPlane(PhantomSubject subject, GridGeometry grid, PsfAxis[] axes,
        DeformationField field, IReadOnlyList<FramedLesion> lesions, int m3)
    {
        var a1 = axes[0];
        var a2 = axes[1];
        int m1Count = a1.Count, m2Count = a2.Count;
        double p3 = axes[2].Position(m3);
        var inPlane = lesions.Where(l => Math.Abs(p3 - l.Centre.Z) <= l.Radius).ToArray();
        var slab = field.Slab(p3);
        var v = new float[m1Count * m2Count];
        var ic = new float[m1Count * m2Count];
        var near = new Lesion[inPlane.Length];
        var inRow = new List<FramedLesion>();
        for (int m2 = 0; m2 < m2Count; m2++)
        {
            double p2 = a2.Position(m2);
            inRow.Clear();
            foreach (var l in inPlane) if (Math.Abs(p2 - l.Centre.Y) <= l.Radius) inRow.Add(l);
            var row = field.Row(slab, p2);
            for (int m1 = 0; m1 < m1Count; m1++)
            {
                double p1 = a1.Position(m1);
                int nNear = 0;
                foreach (var l in inRow) if (Math.Abs(p1 - l.Centre.X) <= l.Radius) near[nNear++] = l.Lesion;
                var y = field.At(row, p1);
                var (s, i) = subject.Signal.Evaluate(y, near.AsSpan(0, nNear));
                v[m1 + m1Count * m2] = (float)s;
                ic[m1 + m1Count * m2] = (float)i;
            }
        }
        return (Contract(v, a1, a2, grid.Shape), Contract(ic, a1, a2, grid.Shape));
    }

    /// <summary>C[n₁, n₂] = Σ W₁[n₁, m₁] W₂[n₂, m₂] V[m₁, m₂], both bands sparse.</summary>
    private static float[] Contract(float[] v, PsfAxis a1, PsfAxis a2, Shape3 shape)
    {
        int m1Count = a1.Count, m2Count = a2.Count, n1Count = shape.X, n2Count = shape.Y;
        var c1 = new float[n1Count * m2Count];
        for (int m2 = 0; m2 < m2Count; m2++)
        {
            int rowOffset = m1Count * m2;
            for (int n1 = 0; n1 < n1Count; n1++)
            {
                var w = a1.Weights[n1];
                int first = a1.First[n1] + rowOffset;
                float acc = 0;
                for (int q = 0; q < w.Length; q++) acc += w[q] * v[first + q];
                c1[n1 + n1Count * m2] = acc;
            }
        }
        var c = new float[n1Count * n2Count];
        for (int n2 = 0; n2 < n2Count; n2++)
        {
            var w = a2.Weights[n2];
            int outOffset = n1Count * n2;
            for (int q = 0; q < w.Length; q++)
            {
                float wq = w[q];
                int inOffset = n1Count * (a2.First[n2] + q);
                for (int n1 = 0; n1 < n1Count; n1++) c[outOffset + n1] += wq * c1[inOffset + n1];
            }
        }
        return c;
    }
}

/// <summary>A lesion with its subject-space centre in a grid's frame q and a radius (subject mm) beyond which it has no effect.</summary>
public sealed record FramedLesion(Lesion Lesion, Vec3 Centre, double Radius);
