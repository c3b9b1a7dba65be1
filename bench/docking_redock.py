#!/usr/bin/python3
"""How reliably AutoDock Vina re-docks the docking app's default crystal complex.

The docking app's re-docking check takes a crystal structure (by default
rdkit-data's 5DT0: Aurora A kinase with the inhibitor JNJ-7706621, residue
SKE), splits it into receptor and ligand, converts both with Open Babel,
docks the ligand back with Vina in a box around it, and fails the run unless
the top pose lies within 2 Å heavy-atom RMSD (symmetry-corrected) of the
crystal pose. This script makes the same conversions and the same `vina`
call (one CPU), for each exhaustiveness and seed given, one call at a time,
and prints the score, the top pose's RMSD and the CPU seconds per call, then
per exhaustiveness how many seeds passed, the worst RMSD and the mean time.
It is how the app's default `redock_exhaustiveness` was chosen.

    bench/docking_redock.py                              # exhaustiveness 1,2,4,8; seeds 0-4
    bench/docking_redock.py --exhaustiveness 8 --seeds 0-9
Standard library only (and the vina and obabel programs).
"""
from __future__ import annotations

import argparse
import math
import os
import pathlib
import re
import resource
import subprocess
import tempfile
import time

COMPLEX = '/usr/share/RDKit/Contrib/CalcLigRMSD/data/5dt0.pdb'
HYDROGENS = {'H', 'HD', 'HS'}
PADDING = 4.0  # Å on every side of the ligand's heavy atoms, as the app
ELEMENTS = {'C': ('C', 0.76), 'A': ('C', 0.76), 'N': ('N', 0.71), 'NA': ('N', 0.71), 'NS': ('N', 0.71),
            'O': ('O', 0.66), 'OA': ('O', 0.66), 'OS': ('O', 0.66), 'F': ('F', 0.57), 'P': ('P', 1.07),
            'S': ('S', 1.05), 'SA': ('S', 1.05), 'Cl': ('Cl', 1.02), 'CL': ('Cl', 1.02), 'Br': ('Br', 1.20),
            'BR': ('Br', 1.20), 'I': ('I', 1.39)}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--exhaustiveness', default='1,2,4,8', help='comma list')
    p.add_argument('--seeds', default='0-4', help='first-last, inclusive')
    p.add_argument('--complex', default=COMPLEX, help='PDB file of the crystal structure')
    p.add_argument('--ligand', default='SKE', help='residue name of its ligand')
    return p.parse_args()


def split_complex(pdb: str, residue: str) -> tuple[str, str]:
    receptor, ligand, serials, instance = [], [], set(), None
    for line in pdb.splitlines():
        if line.startswith(('ATOM  ', 'TER')):
            receptor.append(line)
        elif line.startswith('HETATM') and line[17:20].strip() == residue:
            instance = instance or line[21:27]
            if line[21:27] == instance:
                ligand.append(line)
                serials.add(line[6:11].strip())
    ligand += [line for line in pdb.splitlines() if line.startswith('CONECT') and line[6:11].strip() in serials]
    return '\n'.join(receptor + ['END']) + '\n', '\n'.join(ligand + ['END']) + '\n'


def obabel(pdb: str, flags: list[str], directory: pathlib.Path) -> str:
    (directory / 'in.pdb').write_text(pdb)
    return subprocess.run(['obabel', '-ipdb', 'in.pdb', *flags, '-opdbqt'], cwd=directory, capture_output=True,
                          text=True, check=True, stdin=subprocess.DEVNULL).stdout


def heavy_atoms(text: str) -> list[tuple[tuple[float, float, float], str]]:
    atoms = []
    for line in text.splitlines():
        if line.startswith(('ATOM', 'HETATM')) and line[77:79].strip() not in HYDROGENS:
            atoms.append(((float(line[30:38]), float(line[38:46]), float(line[46:54])), line[77:79].strip()))
    return atoms


def symmetries(atoms) -> list[list[int]]:
    """Permutations of the atoms that keep elements and bonds (bonds from the geometry)."""
    n = len(atoms)
    element = [ELEMENTS[t][0] for _, t in atoms]
    radius = [ELEMENTS[t][1] for _, t in atoms]
    bonded = [{j for j in range(n) if j != i and math.dist(atoms[i][0], atoms[j][0]) < radius[i] + radius[j] + 0.4}
              for i in range(n)]
    found: list[list[int]] = []

    def extend(mapping: list[int]) -> None:
        i = len(mapping)
        if i == n:
            found.append(mapping[:])
            return
        for j in range(n):
            if j in mapping or element[j] != element[i] or len(bonded[j]) != len(bonded[i]):
                continue
            if all((mapping[k] in bonded[j]) == (k in bonded[i]) for k in range(i)):
                mapping.append(j)
                extend(mapping)
                mapping.pop()

    extend([])
    return found


def rmsd(crystal, pose, permutations) -> float:
    return min(math.sqrt(sum(math.dist(crystal[i][0], pose[p[i]][0]) ** 2 for i in range(len(crystal))) /
                         len(crystal)) for p in permutations)


def box(ligand: str) -> tuple[list[float], list[float]]:
    xyz = [a for a, _ in heavy_atoms(ligand)]
    low = [min(a[k] for a in xyz) for k in range(3)]
    high = [max(a[k] for a in xyz) for k in range(3)]
    return [(lo + hi) / 2 for lo, hi in zip(low, high)], [hi - lo + 2 * PADDING for lo, hi in zip(low, high)]


def dock(directory: pathlib.Path, center, size, exhaustiveness: int, seed: int):
    cmd = ['vina', '--receptor', 'receptor.pdbqt', '--ligand', 'ligand.pdbqt', '--cpu', '1',
           '--exhaustiveness', str(exhaustiveness), '--seed', str(seed), '--out', 'out.pdbqt']
    for axis, c, s in zip('xyz', center, size):
        cmd += [f'--center_{axis}', f'{c:.4f}', f'--size_{axis}', f'{s:.4f}']
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=directory, capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    score = float(re.search(r'^\s+1\s+(-?[\d.]+)', proc.stdout, re.M).group(1))
    return score, (directory / 'out.pdbqt').read_text().split('ENDMDL')[0], after.ru_utime - before.ru_utime, wall


def main() -> None:
    args = parse_args()
    first, last = (int(x) for x in args.seeds.split('-'))
    with tempfile.TemporaryDirectory(prefix='taps-redock-') as tmp:
        directory = pathlib.Path(tmp)
        receptor_pdb, ligand_pdb = split_complex(pathlib.Path(args.complex).read_text(), args.ligand)
        (directory / 'receptor.pdbqt').write_text(obabel(receptor_pdb, ['-xr', '-h'], directory))
        ligand = obabel(ligand_pdb, ['-h'], directory)
        (directory / 'ligand.pdbqt').write_text(ligand)
        crystal = heavy_atoms(ligand)
        permutations = symmetries(crystal)
        center, size = box(ligand)
        print(f'# {os.uname().nodename}, load {" ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])}; '
              f'{args.complex} ligand {args.ligand}: {len(crystal)} heavy atoms, {len(permutations)} symmetries; '
              f'box centre {[round(c, 3) for c in center]} size {[round(s, 2) for s in size]}')
        print('exhaustiveness  seed   score (kcal/mol)  rmsd (Å)  in-order rmsd  cpu s  wall s')
        summary: dict[int, list] = {}
        for e in (int(x) for x in args.exhaustiveness.split(',')):
            for seed in range(first, last + 1):
                score, pose_text, cpu, wall = dock(directory, center, size, e, seed)
                pose = heavy_atoms(pose_text)
                r = rmsd(crystal, pose, permutations)
                plain = rmsd(crystal, pose, [list(range(len(crystal)))])
                summary.setdefault(e, []).append((r, cpu))
                print(f'{e:14d} {seed:5d} {score:17.3f} {r:9.2f} {plain:14.2f} {cpu:6.1f} {wall:7.1f}', flush=True)
    print('# exhaustiveness: seeds within 2 Å, worst RMSD, mean CPU seconds')
    for e, runs in summary.items():
        passed = sum(r <= 2.0 for r, _ in runs)
        print(f'# {e}: {passed}/{len(runs)}, worst {max(r for r, _ in runs):.2f} Å, '
              f'{sum(c for _, c in runs) / len(runs):.1f} s')


if __name__ == '__main__':
    main()
