using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Nifti;

/// <summary>A whole NIfTI file as read: its header and every 3D volume (one for a 3D image), values after scaling.</summary>
public sealed class NiftiImage
{
    internal NiftiImage(NiftiHeader header, float[] data, string file)
    {
        Header = header;
        Data = data;
        File = file;
    }

    public NiftiHeader Header { get; }

    /// <summary>All voxels in file order (i fastest, then j, k, then the volume index).</summary>
    public float[] Data { get; }

    public string File { get; }

    public Shape3 SpatialShape => Header.SpatialShape;

    public int VolumeCount => (int)Header.VolumeCount;

    public Affine Affine => Header.BestAffine();

    /// <summary>Volume <paramref name="index"/> (0-based) as a 3D <see cref="Volume"/> carrying a 3D copy of the header.</summary>
    public Volume GetVolume(int index)
    {
        if (index < 0 || index >= VolumeCount)
            throw new UserInputException($"{File}: volume {index} does not exist (the image has {VolumeCount} volume(s), numbered from 0)");
        var shape = SpatialShape;
        var voxels = new float[shape.Count];
        Array.Copy(Data, shape.Count * index, voxels, 0, shape.Count);
        return new Volume(shape, voxels, Header.Spacing, Affine) { Header = NiftiReader.As3D(Header) };
    }
}
