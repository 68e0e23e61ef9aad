"""Industrial and urban-industrial symbiosis: candidates, legal checks and the plan.

Who could take which by-product, legally, at what distance, value and CO2e, and which
exchanges the plan picks:

* :mod:`eipgeo.symbiosis.catalogue`: the sourced exchange links and the legal checks;
* :mod:`eipgeo.symbiosis.materials`: free-text workshop materials to waste codes;
* :mod:`eipgeo.symbiosis.demand`: receivers' demand limits (sourced, capacity, or a rule);
* :mod:`eipgeo.symbiosis.plan`: scores and the linear program that picks the plan;
* :mod:`eipgeo.symbiosis.from_job`: a park's candidates from its sites and streams;
* :mod:`eipgeo.symbiosis.workshop`: a workshop's offers and needs.
"""
