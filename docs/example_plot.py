#!/usr/bin/env python3
"""Plot per-sector outage curves from a kikan results file.

    python3 docs/example_plot.py results.h5 curves.png

Small multiples: one panel per sector, each with its own y-axis (a sector that
loses millions does not flatten one that loses thousands), three panels a row.
In each panel, for every what-if the ensemble mean of the customers cut off
over time and the 5-95% band across replicates; one legend for the figure.
Needs xarray with h5netcdf (or netCDF4) and matplotlib: on Debian
`apt-get install python3-xarray python3-h5netcdf python3-matplotlib`.
See docs/python-example.md.
"""
import math
import sys

import matplotlib

matplotlib.use("Agg")  # write a file; no display needed
import matplotlib.pyplot as plt
from matplotlib.ticker import EngFormatter
import xarray as xr


def main(path, png):
    # decode_timedelta=False keeps `time` as float hours (its units attribute is "hours")
    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf", decode_timedelta=False)
    units = xr.open_dataset(path, group="replicates", engine="h5netcdf")["sector_unit"]
    sectors = [str(s) for s in ts["sector"].values]
    whatifs = [str(w) for w in ts["whatif"].values]
    hours = ts["time"].values
    ncols = min(3, len(sectors))
    nrows = math.ceil(len(sectors) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.0 * nrows + 1.0),
                             squeeze=False, sharex=True)  # own y-axis per panel
    for ax, sector in zip(axes.flat, sectors):
        for i, whatif in enumerate(whatifs):
            sel = dict(whatif=whatif, sector=sector)
            colour = f"C{i % 10}"
            ax.plot(hours, ts["mean"].sel(sel), color=colour, lw=1.4, label=whatif)
            ax.fill_between(hours, ts["q05"].sel(sel), ts["q95"].sel(sel), color=colour,
                            alpha=0.15, lw=0)
        ax.set_title(sector, fontsize=11)
        ax.set_ylabel(f"{units.sel(sector=sector).item()} cut off", fontsize=9)
        ax.yaxis.set_major_formatter(EngFormatter(sep=""))
        ax.tick_params(labelsize=8)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(sectors):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("hours since the start", fontsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(3, len(whatifs)), fontsize=8,
               frameon=False)
    fig.suptitle("Customers cut off over time: ensemble mean and 5-95% band, per sector",
                 fontsize=12)
    legend_rows = math.ceil(len(whatifs) / 3)
    fig.tight_layout(rect=(0, (0.25 * legend_rows + 0.1) / (3.0 * nrows + 1.0), 1, 1))
    fig.savefig(png, dpi=100)
    ts.close()
    return fig


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: example_plot.py RESULTS.h5 OUT.png")
    main(sys.argv[1], sys.argv[2])
