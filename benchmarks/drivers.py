"""Simulation study of the driver analysis: are planted effects recovered, do CIs cover the
truth at their nominal rate, are null topics rarely flagged?

    python benchmarks/drivers.py [--reps 200] [--n 2000] [--boot 500]
        [--out benchmarks/results/drivers.json]

Each replication draws a survey of ``--n`` respondents from
:data:`cxtext.drivers.simulate.DEFAULT_SPEC` (5 costly topics with planted effects -2.5 ...
-0.5 score points, 4 null topics with effect 0, all co-occurring through a shared factor,
correlation 0.35) with its own seed, and runs ``driver_table`` (bootstrap ``--boot``) and
``key_drivers`` (OLS/logistic, Shapley R^2 point estimates; no Shapley bootstrap). Truth:
``population_truth`` on 2,000,000 draws (population NPS impact and population OLS
coefficients; rounding and clipping of scores make those differ from the planted effects).

Reported: coverage of the 95% bootstrap CI of the NPS impact and of the 95% HC3 CI of the OLS
coefficient (per topic and overall); how often the OLS coefficients order the costly topics
exactly as planted (per-mention effect) and their Spearman correlation with the planted
effects; how often the Shapley R^2 top five equals the population's (importance = variance
explained, so it also reflects prevalence: a frequent mild topic can outrank a rare severe
one) and the mean Spearman correlation with the population ranking; how often a
null topic is flagged (BH-adjusted p < 0.05) by the key-driver OLS (which controls for
co-occurrence) and by the marginal chi-square table (which does not: a null topic that
co-occurs with costly ones really is mentioned more by detractors); and how often costly
topics are flagged (power).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from cxtext.drivers import bh_adjust, driver_table, key_drivers, respondent_frame
from cxtext.drivers.simulate import DEFAULT_SPEC, population_truth, simulate_survey

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--boot", type=int, default=500)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "drivers.json")
    args = ap.parse_args()
    spec = DEFAULT_SPEC
    truth = population_truth(spec, n=2_000_000).set_index("topic")
    costly = [t for t in spec.topics if spec.effects[t] < 0]
    nulls = [t for t in spec.topics if spec.effects[t] == 0]
    planted_order = sorted(costly, key=lambda t: spec.effects[t])
    cover_imp = {t: 0 for t in spec.topics}
    cover_ols = {t: 0 for t in spec.topics}
    flag_kda = {t: 0 for t in spec.topics}
    flag_marg = {t: 0 for t in spec.topics}
    # population Shapley R^2 ranking (variance explained = effect size x prevalence)
    pop = respondent_frame(simulate_survey(200_000, spec, seed=999))
    pop_imp = key_drivers(pop, with_negative=False, min_mentions=1, n_boot=0).importance
    pop_order = list(pop_imp["topic"])
    spearman, ols_order_ok, ols_spearman, shap_top5_ok = [], 0, [], 0
    t0 = time.perf_counter()
    for rep in range(args.reps):
        frame = respondent_frame(simulate_survey(args.n, spec, seed=1000 + rep))
        table = driver_table(frame, n_boot=args.boot, seed=rep, signed=False,
                             min_mentions=1).set_index("topic")
        kd = key_drivers(frame, with_negative=False, min_mentions=1, n_boot=0, seed=rep)
        ols = kd.table.set_index("topic")
        p_kda = pd.Series(bh_adjust(ols["ols_p"].to_numpy()), index=ols.index)
        for t in spec.topics:
            r, o = table.loc[t], ols.loc[t]
            cover_imp[t] += r["nps_impact_ci_low"] <= truth.loc[t, "nps_impact"] <= \
                r["nps_impact_ci_high"]
            cover_ols[t] += o["ols_ci_low"] <= truth.loc[t, "ols_coef"] <= o["ols_ci_high"]
            flag_kda[t] += p_kda[t] < 0.05
            flag_marg[t] += r["p_adjusted"] < 0.05
        coef = ols["ols_coef"]
        ols_order_ok += [t for t in coef.sort_values().index if t in costly] == planted_order
        ols_spearman.append(stats.spearmanr([coef[t] for t in spec.topics],
                                            [spec.effects[t] for t in spec.topics])[0])
        imp = kd.importance.set_index("topic")["shapley_r2"]
        shap_top5_ok += list(imp.sort_values(ascending=False).index[:5]) == pop_order[:5]
        spearman.append(stats.spearmanr([imp[t] for t in pop_order],
                                        list(range(len(pop_order), 0, -1)))[0])
    secs = time.perf_counter() - t0
    R, k = args.reps, len(spec.topics)
    per_topic = pd.DataFrame({
        "effect": [spec.effects[t] for t in spec.topics],
        "true_nps_impact": truth["nps_impact"].round(2).tolist(),
        "true_ols_coef": truth["ols_coef"].round(3).tolist(),
        "coverage_nps_impact_ci": [cover_imp[t] / R for t in spec.topics],
        "coverage_ols_ci": [cover_ols[t] / R for t in spec.topics],
        "flagged_kda_bh": [flag_kda[t] / R for t in spec.topics],
        "flagged_marginal_bh": [flag_marg[t] / R for t in spec.topics],
    }, index=spec.topics)
    summary = {
        "reps": R, "n": args.n, "bootstrap": args.boot,
        "coverage_nps_impact_ci_overall": round(sum(cover_imp.values()) / (R * k), 4),
        "coverage_ols_ci_overall": round(sum(cover_ols.values()) / (R * k), 4),
        "ols_order_of_costly_topics_equals_planted": round(ols_order_ok / R, 4),
        "ols_spearman_with_planted_effects_mean": round(float(np.mean(ols_spearman)), 4),
        "shapley_top5_order_equals_population": round(shap_top5_ok / R, 4),
        "shapley_spearman_with_population_mean": round(float(np.mean(spearman)), 4),
        "population_shapley_order": pop_order,
        "null_flag_rate_kda_bh": round(sum(flag_kda[t] for t in nulls) / (R * len(nulls)), 4),
        "null_flag_rate_marginal_bh": round(sum(flag_marg[t] for t in nulls) /
                                            (R * len(nulls)), 4),
        "power_kda_bh_costly": round(sum(flag_kda[t] for t in costly) / (R * len(costly)), 4),
        "seconds_per_replication": round(secs / R, 3),
    }
    print(per_topic.round(3).to_string())
    print(json.dumps(summary, indent=2))
    payload = {"summary": summary, "per_topic": per_topic.reset_index(names="topic")
               .to_dict("records"), "spec": {"effects": spec.effects,
                                             "prevalence": spec.prevalence,
                                             "correlation": spec.correlation},
               "machine": {"python": platform.python_version()},
               "command": f"python benchmarks/drivers.py --reps {R} --n {args.n} "
                          f"--boot {args.boot}"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
