#!/usr/bin/env python3
"""Plot per-sector outage curves from a kikan results file.

    python3 docs/example_plot.py results.h5 curves.png

One panel per sector: for each what-if the ensemble mean of customers cut off
over time, with the 5-95% band across replicates. Needs xarray with h5netcdf
(or netCDF4) and matplotlib: on Debian `apt-get install python3-xarray
python3-h5netcdf python3-matplotlib`. See docs/python-example.md.
"""
import sys

import matplotlib

matplotlib.use("Agg")  # write a file; no display needed
import matplotlib.pyplot as plt
import xarray as xr


def main(path, png):
    # decode_timedelta=False keeps `time` as float hours (its units attribute is "hours")
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf", decode_timedelta=False)
    units = xr.open_dataset(path, group="replicates", engine="h5netcdf")["sector_unit"]
    sectors = ts["sector"].values
    fig, axes = plt.subplots(1, len(sectors), figsize=(4 * len(sectors), 3.2), squeeze=False)
    for ax, sector in zip(axes[0], sectors):
        for whatif in ts["whatif"].values:
            sel = dict(whatif=whatif, sector=sector)
            hours = ts["time"].values
            ax.plot(hours, ts["mean"].sel(sel), label=str(whatif)[:30])
            ax.fill_between(hours, ts["q05"].sel(sel), ts["q95"].sel(sel), alpha=0.2)
        ax.set_title(str(sector))
        ax.set_xlabel("hours")
        ax.set_ylabel(f"{units.sel(sector=sector).item()} cut off")
    axes[0][0].legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(png, dpi=80)
    ts.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: example_plot.py RESULTS.h5 OUT.png")
    main(sys.argv[1], sys.argv[2])
