"""One training step of the paper's own RA-U-Net (e3nn_Unet's physical-units UNet on e3nn 0.5.1) as NativeSeg's bench
times its own: a 64^3 patch, batch 1, forward, soft Dice against a thresholded target, backward, Adam. Paper size as
NativeSeg's `--scale paper` RA-U-Net: multiplicity 2, 4 levels, 5 mm kernels, 5 radial functions with the cutoff,
instance norm, 2 mm pooling doubling per level. It builds the net at one spacing, runs a warm-up step and prints
"ready"; then it runs one step per line "step" read from stdin and answers "done", so that NativeSeg's bench
(suite paper-code) times the steps alone, as it times its own."""
import argparse
import os
import sys
import types

import torch

# e3nn_Unet's UNet derives from nnU-Net v1's SegmentationNetwork only for nnU-Net's sliding-window inference; a training
# step needs nothing of it, so nn.Module stands in for it here instead of installing nnU-Net v1.
for name in ["nnunet", "nnunet.network_architecture", "nnunet.network_architecture.neural_network"]:
    sys.modules.setdefault(name, types.ModuleType(name))
sys.modules["nnunet.network_architecture.neural_network"].SegmentationNetwork = torch.nn.Module

from e3nn_Unet.equivariant_unet_physical_units import UNet  # noqa: E402


def soft_dice(logits, target, eps=1e-5):
    p = torch.sigmoid(logits)
    return 1 - (2 * (p * target).sum() + eps) / (p.sum() + target.sum() + eps)


def step(net, optimizer, side):
    optimizer.zero_grad()
    x = torch.randn(1, 1, side, side, side)
    soft_dice(net(x), (x > 1).float()).backward()
    optimizer.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spacing", required=True, help="x,y,z in mm")
    parser.add_argument("--side", type=int, default=64)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    # Debian's torch starts with one thread here, NativeSeg with one per core.
    torch.set_num_threads(args.threads)
    spacing = tuple(float(v) for v in args.spacing.split(","))
    torch.manual_seed(0)
    net = UNet("1x0e", "1x0e", diameter=5.0, num_radial_basis=5, steps=spacing, batch_norm="instance", n=2,
               n_downsample=3, scale=2, cutoff=True)
    net.train()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    step(net, optimizer, args.side)
    print(f"ready torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    for line in sys.stdin:
        if line.strip() != "step":
            break
        step(net, optimizer, args.side)
        print("done", flush=True)


if __name__ == "__main__":
    main()
