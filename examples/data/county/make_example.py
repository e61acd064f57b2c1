"""Writes the two INVENTED townships of the example county (yushuwan/, shuimogou/).

Run from examples/data/county/: python3 make_example.py. Every figure is illustrative.
"""
import os


def township(folder, name, name_en, villages, floor=100000, strong=200000, asof="2023-06-30"):
    os.makedirs(folder, exist_ok=True)
    oat = [v for v in villages if v[4]]
    hh = sum(v[3] for v in oat)
    mu = sum(sum(v[5].values()) for v in oat)
    strongest = sum(1 for v in villages if v[6] == "strongest")
    rect = sum(1 for v in villages if v[6] == "rectified")
    head = f"""# {name} — an INVENTED township for the example county (examples/data/county/).
# Nothing here is published: every figure in this folder is illustrative, made up to show
# a county of several townships. Values that can carry a status say `illustrative`.
# Written by make_example.py.
"""
    with open(f"{folder}/township.toml", "w") as f:
        f.write(head + f"""
[township]
name = "{name}"
name_en = "{name_en}"
county = "清水河县"
city = "呼和浩特市"
administrative_villages = {len(oat)}           # illustrative
as_of = {asof}                    # illustrative

[thresholds]
income_floor_yuan = {floor}
income_strong_yuan = {strong}

[party_building]                      # illustrative counts
since = 2020
branches_rectified = {rect}
strongest_branches = {strongest}
venues_renovated = 1
leaders_added = 1
""")
    with open(f"{folder}/consortium.toml", "w") as f:
        f.write(head + f"""
[consortium]
name = "{name}燕麦草种植合作联合党委"
founded = 2021
households_served = {{ value = {hh}, status = "illustrative" }}
fertilizer_t = {{ value = 800, qualifier = "more_than", basis = "cumulative", status = "illustrative" }}
oat_grass_mu = {{ value = {mu}, basis = "cumulative", status = "illustrative" }}
household_income_gain_yuan = {{ value = 1200, qualifier = "about", basis = "annual", status = "illustrative" }}

[[consortium.member]]
name = "{name}党委"
name_en = "{name_en} Party Committee"
level = "township"

[[consortium.member]]
name = "{name}{len(villages)}个村党支部"
name_en = "The township's {len(villages)} village Party branches"
level = "village"
count = {len(villages)}
""")
    first = villages[0][0]
    with open(f"{folder}/projects.toml", "w") as f:
        f.write(head + f"""
[[project]]
id = "{folder}-oat-storage"
name = "{name}燕麦草收储点"
name_en = "{name_en} oat-grass store"
category = "planting"
villages = ["{first}"]
started = {{ value = 2021, status = "illustrative" }}
illustrative = true
""")
    with open(f"{folder}/training.toml", "w") as f:
        f.write(head + """
[[session]]
date = 2022-06-10
topic = "燕麦草种植技术"
topic_en = "Oat-grass planting"
category = "planting"
participants = 41
illustrative = true

[[session]]
date = 2023-04-12
topic = "村集体经济经营管理"
topic_en = "Running a village collective"
category = "economy"
participants = 37
illustrative = true
""")
    out = head + "\n"
    for (vid, vname, ven, h, inoat, mus, branch, inc) in villages:
        out += f"""[[village]]
id = "{vid}"
name = "{vname}"
name_en = "{ven}"
households = {h}
party_branch = "{branch}"
oat_program = {"true" if inoat else "false"}
illustrative = true

[village.collective_income_yuan]
""" + "".join(f"{y} = {x}\n" for y, x in inc.items()) + "\n"
        if mus:
            out += "[village.oat_grass_mu]\n" + "".join(f"{y} = {x}\n" for y, x in mus.items()) + "\n"
    with open(f"{folder}/villages.toml", "w") as f:
        f.write(out)


def Y(a, b, c, d):
    return {2020: a, 2021: b, 2022: c, 2023: d}


def M(a, b, c):
    return {2021: a, 2022: b, 2023: c}


township("yushuwan", "榆树湾乡", "Yushuwan Township", [
    ("yushuwan", "榆树湾村", "Yushuwan", 84, True, M(300, 360, 400), "strongest", Y(98000, 121000, 176000, 214000)),
    ("xiaogoumen", "小沟门村", "Xiaogoumen", 61, True, M(220, 260, 280), "ordinary", Y(72000, 90000, 104000, 118000)),
    ("houshan", "后山村", "Houshan", 47, True, M(150, 180, 190), "rectified", Y(64000, 81000, 95000, 106000)),
    ("dayingpan", "大营盘村", "Dayingpan", 73, True, M(260, 300, 330), "strongest", Y(90000, 117000, 158000, 203000)),
    ("shagedan", "沙圪旦村", "Shagedan", 38, False, {}, "ordinary", Y(70000, 84000, 99000, 97000)),
    ("liujiawan", "刘家湾村", "Liujiawan", 55, True, M(180, 210, 240), "ordinary", Y(80000, 96000, 112000, 131000)),
])
township("shuimogou", "水磨沟乡", "Shuimogou Township", [
    ("shuimogou", "水磨沟村", "Shuimogou", 92, True, M(340, 390, 420), "strongest", Y(110000, 139000, 181000, 226000)),
    ("hongshiya", "红石崖村", "Hongshiya", 66, True, M(240, 270, 300), "ordinary", Y(88000, 101000, 123000, 142000)),
    ("qianliang", "前梁村", "Qianliang", 58, True, M(200, 230, 260), "ordinary", Y(79000, 95000, 108000, 119000)),
    ("beiwa", "北洼村", "Beiwa", 44, True, M(160, 170, 200), "rectified", Y(69000, 83000, 97000, 112000)),
    ("dongtai", "东台村", "Dongtai", 71, True, M(250, 280, 310), "strongest", Y(101000, 128000, 170000, 208000)),
])
