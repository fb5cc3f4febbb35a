"""A generated corpus of small, distinct articles for the fault-injection and concurrency tests.

Each article names its own town, group, date and figures and draws its background sentences from
a shuffled pool, so no two are near copies (the syndication check would otherwise pair them) and
every one yields at least one incident mention with evidence.
"""
from __future__ import annotations

import random
from pathlib import Path

TOWNS = [("Baqubah", "Iraq"), ("Ramadi", "Iraq"), ("Tikrit", "Iraq"), ("Kirkuk", "Iraq"), ("Mosul", "Iraq"),
         ("Maiduguri", "Nigeria"), ("Damaturu", "Nigeria"), ("Yola", "Nigeria"), ("Kunduz", "Afghanistan"),
         ("Kandahar", "Afghanistan"), ("Jalalabad", "Afghanistan"), ("Ghazni", "Afghanistan"),
         ("Mogadishu", "Somalia"), ("Kismayo", "Somalia"), ("Baidoa", "Somalia"), ("Gao", "Mali"),
         ("Timbuktu", "Mali"), ("Mopti", "Mali"), ("Aleppo", "Syria"), ("Homs", "Syria"), ("Idlib", "Syria"),
         ("Peshawar", "Pakistan"), ("Quetta", "Pakistan"), ("Aden", "Yemen"), ("Taiz", "Yemen"),
         ("Benghazi", "Libya"), ("Sirte", "Libya"), ("Diffa", "Niger"), ("Djibo", "Burkina Faso"),
         ("Beni", "Democratic Republic of the Congo"), ("Marawi", "Philippines"), ("Garissa", "Kenya"),
         ("Mandera", "Kenya"), ("Arish", "Egypt"), ("Fallujah", "Iraq"), ("Samarra", "Iraq"),
         ("Lashkar Gah", "Afghanistan"), ("Beledweyne", "Somalia"), ("Menaka", "Mali"), ("Raqqa", "Syria")]
GROUPS = ["Islamic State", "Boko Haram", "the Taliban", "al-Shabaab", "al-Qaeda in the Islamic Maghreb",
          "Jamaat Nusrat al-Islam wal-Muslimin", "the Houthis", "the Allied Democratic Forces"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEAPONS = ["a car bomb", "a suicide bomber", "gunmen", "a roadside bomb", "mortar fire", "militants armed with rifles"]
TARGETS = ["a police checkpoint", "a crowded market", "an army base", "a mosque", "a bus station", "a hotel",
           "a government office", "a wedding party"]
BACKGROUND = [
    "Residents said the area had been calm for several weeks before the attack.",
    "Hospital staff appealed for blood donations as the wounded arrived.",
    "The provincial governor ordered an investigation and closed the roads into the town.",
    "Security forces sealed off the district and began house-to-house searches.",
    "Aid agencies said the violence had forced thousands of families from their homes this year.",
    "Officials spoke on condition of anonymity because they were not authorised to brief reporters.",
    "Witnesses described a loud blast followed by sustained gunfire lasting nearly an hour.",
    "The interior ministry condemned what it called a cowardly act against civilians.",
    "Local elders called on the government to deploy more troops to the surrounding villages.",
    "Schools in the area were shut for the rest of the week as a precaution.",
    "A curfew was imposed overnight and mobile phone networks were suspended.",
    "Analysts said the group has increasingly targeted soft targets in towns it once controlled.",
]


def article(n: int) -> str:
    rng = random.Random(1000 + n)
    town, country = TOWNS[n % len(TOWNS)]
    group = GROUPS[n % len(GROUPS)]
    month = MONTHS[n % 12]
    year = 2014 + n % 5
    day = 1 + (n * 7) % 27
    killed = 3 + (n * 13) % 90
    wounded = killed + 2 + n % 17
    weapon, target = rng.choice(WEAPONS), rng.choice(TARGETS)
    background = rng.sample(BACKGROUND, 4)
    return (f"Attack on {target.split(' ', 1)[1]} in {town} kills {killed}\n\n"
            f"{town.upper()}, {country}, {month} {day}, {year} - {weapon[0].upper() + weapon[1:]} attacked {target} "
            f"in {town} on {month} {day}, killing at least {killed} people and wounding {wounded} others, "
            f"officials said. {background[0]}\n\n"
            f"{group[0].upper() + group[1:]} claimed responsibility for the attack in a statement. {background[1]} "
            f"{background[2]}\n\n{background[3]} Report number {n} from our {country} desk.\n")


def write_corpus(folder: Path, count: int = 40) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article_{n:02d}.txt"
        path.write_text(article(n), encoding="utf-8")
        paths.append(path)
    return paths
