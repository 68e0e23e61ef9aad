"""Data files shipped with eipgeo (coefficients with their sources)."""
