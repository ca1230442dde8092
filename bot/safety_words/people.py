"""Who a message is about: family members, the writer, people in the articles."""

from __future__ import annotations

PERSON = (
    r"(?:son|sons|daughter|daughters|child|children|kid|kids|boy|girl|baby|bub|bubba|toddler|teen|teenager|"
    r"husband|hubby|wife|missus|partner|bf|gf|boyfriend|girlfriend|fiance|fiancee|mum|mom|mother|mam|mama|"
    r"mummy|mommy|dad|daddy|father|papa|brother|bro|sister|sis|twin|nephew|niece|grandson|granddaughter|"
    r"grandchild|grandma|grandmother|grandad|granddad|grandpa|grandfather|nan|nana|nanna|granny|gran|"
    r"aunt|auntie|uncle|cousin|friend|mate|family|patient|loved one|little one|lo|lad|lass|youngest|eldest|"
    r"oldest|one|infant|newborn)"
)
SUBJECT = rf"(?:(?:my|our) (?:\w+ )?{PERSON}|(?:he|she|they|i|we|him|her|them|me|us|mum|dad|baby))"
NOW_VERB = (
    r"(?:is|are|am|has|have|keeps|keep|kept|can not|will not|does not|did not|just|seems|looks|looking|"
    r"started|starting|been|got|gone|going|feels|feel|feeling|says|said|getting|woke|became|turned|still|"
    r"suddenly|now|really|very|so)"
)

# Whose hope or decision: the family's own person, not someone in the articles.
# Someone in the articles: then "she" and "her" are about them, not the family's own person.
ARTICLE_PERSON = (
    r"alyssa|layla|lyala|joanne|tara|lisa|(?:the|that|this) (?:\w+ ){0,2}(?:baby|girl|teenager|teen|mum|mother|daughter|designer|patient|first patient|tot|infant|toddler|woman|lady|student|one year old|doctor|professor|scientist|consultant)",
)
FIRST_PERSON = (r"i|me|my|mine|myself|we|us|our|ours|ourselves",)

PERSONAL = (
    r"\b\d+ (?:here|yo here|years old here)\b|\bi am \d+\b|\bim \d+\b",
    rf"(?:my|our) (?:\w+ ){{0,2}}{PERSON}",
    r"(?:my|our) \d+ ?(?:year|yr|y) ?(?:old|o)?",
    r"(?:mum|mom|dad|mummy|daddy|nan|nana|grandad|grandma|granny)",
    r"\b(?:him|her|them|me|us|myself|his|he|she|i|we)\b",
    # "the odds it works for our Millie", "would it work for my AML", "a 4 year old like mine"
    r"\b(?:my|our|mine|ours)\b",
    r"(?:that s|thats|that is|which is) (?:us|our (?:situation|case|story)|my (?:son|daughter|boy|girl|kid|husband|wife|mum|dad))\b",
)
