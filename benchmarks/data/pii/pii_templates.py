"""Hand-written survey answers of the PII benchmark, with slots for generated values.

Answers to "why did you give this score?" for shops, telcos, banks, airlines, couriers and
apps. ``DEV`` and ``TEST`` share no template: the two files are independent.

Slots: ``{X}`` the one PII value of a single-kind answer; ``{PHONE}``, ``{EMAIL}``, ``{IBAN}``,
``{CARD}``, ``{URL}``, ``{PESEL}``, ``{ID_CARD}``, ``{PASSPORT}`` (``{PHONE:2}`` a second one
of the same kind) in multi-PII answers; ``{~format}`` an unlabelled look-alike value;
``{V}`` the value of a look-alike answer (templates without ``{V}`` are complete as written).
"""

from __future__ import annotations

Lang = str
Templates = dict[str, dict[Lang, list[str]]]

DEV_PII: Templates = {
    "PHONE": {
        "pl": [
            "Czekam na telefon od tygodnia, mój numer to {X}.",
            "{X} - proszę o kontakt w sprawie reklamacji, bo nikt nie oddzwania.",
            "Konsultant obiecał oddzwonić na {X} i cisza. Dlatego tylko 3.",
            "Zostawiłam numer ({X}) przy zamówieniu, a kurier i tak nie zadzwonił.",
            "Kontakt: {X}. Chętnie opowiem więcej o problemie z fakturą.",
            "Dzwoniłem na infolinię z numeru {X} pięć razy, za każdym razem mnie rozłączało",
            "Przeniosłem numer {X} do waszej sieci i od miesiąca nie mam zasięgu w domu",
            "Pani w oddziale kazała podać telefon, podałem {X}, SMS z kodem nie doszedł do dziś.",
            "prosze dzwonic po 16: {X}",
            "Mam pytanie o ratę kredytu, proszę o telefon na {X}, najlepiej rano.",
            "{X} to numer mojej mamy, ona robiła zakupy, ja tylko wypełniam ankietę",
            "Doładowanie na {X} nie weszło, a pieniądze zeszły z konta!",
            "Obsługa ok, tylko kurier dzwonił na stary numer zamiast na {X}",
            "Bardzo miła pani na czacie. Gdyby były pytania, jestem pod numerem {X}",
            "Nie dostałem kodu BLIK na telefon {X}; transakcja przepadła.",
            "Linia lotnicza zmieniła godzinę wylotu i wysłała SMS na zły numer. Mój to {X}, "
            "był w rezerwacji!",
            "Zgłaszam awarię światłowodu, tel. kontaktowy {X}, od 3 dni brak internetu.",
            "Aplikacja wymaga numeru telefonu ({X}) do logowania i ciągle wyrzuca błąd.",
            "Oddzwońcie: {X}!!!",
            "Polecam sklep, ale prosze zmienic moj numer na {X} bo stary juz nie dziala",
        ],
        "en": [
            "Nobody called me back even though I left my number {X} twice.",
            "{X} is my number, please call me about the refund.",
            "Great service overall. If you need more details you can reach me on {X}.",
            "The app asked for my phone number ({X}) and then never sent the verification code.",
            "Call me: {X}. I have been waiting three weeks for the engineer.",
            "Your agent promised a callback on {X} between 9 and 5, never happened",
            "I ported {X} to your network and lost signal for four days",
            "Flight was cancelled and the text went to an old number, not {X}, which is on the "
            "booking.",
            "please ring {X} after 6pm, I work days",
            "The delivery driver couldn't find the house and didn't even try calling {X}.",
            "Top-up to {X} failed but my card was charged!",
            "Staff were lovely. My wife's number is {X} if you want to follow up.",
            "Contact number: {X} - still no answer about my complaint",
            "I gave the branch {X} for SMS alerts and I get nothing.",
            "Text me on {X} when the replacement router ships",
            "Support chat kept disconnecting; reach me at {X} instead.",
            "{X} (any time) - I'd like to talk to a manager.",
            "Still waiting for the callback to {X}. Two stars only because the product itself "
            "is fine.",
            "Why do you keep calling {X} with sales offers when I asked you to stop?",
            "The account is registered to {X}, yet the 2FA code goes nowhere",
        ],
    },
    "EMAIL": {
        "pl": [
            "Proszę o fakturę na maila {X}, trzeci raz piszę.",
            "{X} - tu proszę wysłać potwierdzenie zwrotu.",
            "Nie dostałam maila z biletem, a adres {X} był dobrze wpisany.",
            "Kontakt mailowy: {X}.",
            "Newsletter przychodzi na {X} mimo że się wypisałem!!!",
            "Szybka dostawa, ale kod rabatowy miał przyjść na {X} i nie przyszedł",
            "Proszę o odpowiedź na piśmie ({X}), telefonicznie nie da się nic załatwić.",
            "Zmieniłam adres e-mail na {X}, a powiadomienia dalej idą na stary.",
            "Wszystko ok. Gdyby coś, piszcie na {X}",
            "Login do aplikacji to {X}; hasło resetuje się co tydzień i nie wiem czemu",
            "Reklamacja złożona z adresu {X} 2 tygodnie temu, zero odzewu.",
            "mail {X} prosze o kontakt w sprawie raty",
            "Ktoś założył konto na mój adres {X}, proszę to sprawdzić!",
            "Bilety na lot miały przyjść na {X}, przyszły po dobie. Słabo.",
        ],
        "en": [
            "Please send the invoice to {X}, this is the third time I'm asking.",
            "{X} - send the return confirmation here please.",
            "I never got the e-ticket although {X} was typed correctly.",
            "Email contact: {X}.",
            "Your newsletter still goes to {X} even though I unsubscribed!!!",
            "Fast delivery, but the discount code was supposed to go to {X} and never arrived",
            "I'd like a written reply ({X}); you can't sort anything out by phone.",
            "I changed my email to {X}, yet notifications still go to the old one.",
            "All good. If anything, write to {X}",
            "My app login is {X}; the password resets every week and I don't know why",
            "Complaint sent from {X} two weeks ago, no response at all.",
            "email {X} please contact me about the loan payment",
            "Someone opened an account with my address {X}, please look into it!",
            "Boarding passes were meant to go to {X}, they came a day late. Poor.",
        ],
    },
    "PESEL": {
        "pl": [
            "Podałem PESEL {X} trzy razy, a system dalej mówi, że jest błędny.",
            "PESEL: {X}. Proszę sprawdzić, czemu wniosek o kartę odrzucony.",
            "Na umowie jest zły numer PESEL, powinien być {X}.",
            "{X} - to mój PESEL, konsultant kazał wpisać go w ankiecie (???)",
            "Weryfikacja tożsamości trwała wieki, mimo że PESEL ({X}) się zgadzał",
            "Pani w okienku przeczytała mój pesel {X} na głos przy całej kolejce, skandal.",
            "Kredyt odrzucony bez powodu. pesel {X}, prosze o wyjasnienie",
            "Syn ma PESEL {X} i aplikacja nie pozwala założyć mu konta dla nastolatka.",
            "Numer ewidencyjny {X} wpisany w formularzu, a i tak wyskakuje 'błąd weryfikacji'.",
        ],
        "en": [
            "The form rejected my PESEL {X} even though it's correct.",
            "PESEL: {X}. Please check why the card application was declined.",
            "The agent read my PESEL number ({X}) out loud in the branch, not acceptable.",
            "{X} is my son's PESEL and the app won't let me open a teen account for him.",
            "Identity check took ages although the PESEL {X} matched.",
            "My national identification number {X} was rejected by the online form.",
        ],
    },
    "CARD": {
        "pl": [
            "Pobrano dwa razy z karty {X}, proszę o zwrot jednej płatności.",
            "Karta {X} została zablokowana bez ostrzeżenia w trakcie urlopu.",
            "{X} - tej karty używałem, a zwrot poszedł nie wiadomo gdzie.",
            "Przy płatności za bilet wpisałam kartę {X} i strona się zawiesiła",
            "Nie zamawiałem tej subskrypcji! Obciążono moją kartę ({X}).",
            "Numer karty: {X}. Proszę anulować płatność cykliczną.",
            "płacę kartą {X} od lat i nagle odmowa w sklepie",
            "Aplikacja zapamiętała kartę {X}, a ja tego nie chciałam; nie da się jej usunąć.",
            "Zwrot za odwołany lot ma wrócić na kartę {X}, minął miesiąc.",
            "Dostałam nową kartę ({X}) i nie da się jej dodać do Google Pay!",
            "Sprzedawca poprosił o numer karty przez telefon, podałem {X} i teraz się boję",
        ],
        "en": [
            "Charged twice on card {X}, please refund one of the payments.",
            "Card {X} was blocked without warning while I was on holiday.",
            "{X} - that's the card I used and the refund went who knows where.",
            "I entered card {X} to pay for the ticket and the page froze",
            "I never ordered this subscription! You charged my card ({X}).",
            "Card number: {X}. Please cancel the recurring payment.",
            "been paying with {X} for years and suddenly it's declined in store",
            "The app saved card {X} without asking and there's no way to remove it.",
            "The refund for the cancelled flight should go back to {X}, it's been a month.",
            "Got a new card ({X}) and it can't be added to Apple Pay!",
            "The seller asked for my card number over the phone, I gave {X} and now I'm worried",
        ],
    },
    "IBAN": {
        "pl": [
            "Zwrot proszę na konto {X}, nie na kartę.",
            "Numer konta do zwrotu: {X}",
            "{X} - na to konto miały wrócić pieniądze za odwołany lot.",
            "Przelew na rachunek {X} wisi od 5 dni, a w innych bankach jest od ręki.",
            "Podałam nr konta ({X}) w formularzu reklamacji i nadal czekam.",
            "Nie mogę dodać odbiorcy {X} w aplikacji, ciągle błąd.",
            "Zmieniłem bank, nowe konto to {X}. Proszę zaktualizować dane do polecenia zapłaty.",
            "konto {X} prosze o zwrot nadplaty za prad",
            "Oddział kazał mi podać rachunek {X}, a potem i tak wysłali przekaz pocztowy!",
            "Czemu przelew z {X} do was szedł tydzień?",
            "Opłata za prowadzenie konta {X} naliczona mimo obietnicy darmowego konta.",
            "Rata kredytu pobierana z konta: {X}; w tym miesiącu pobrali dwa razy.",
        ],
        "en": [
            "Please refund to account {X}, not to the card.",
            "Account number for the refund: {X}",
            "{X} - the money for the cancelled flight was supposed to come back to this account.",
            "The transfer to {X} has been pending for 5 days, other banks do it instantly.",
            "I put my account ({X}) on the complaint form and I'm still waiting.",
            "I can't add the payee {X} in the app, constant error.",
            "I switched banks, the new account is {X}. Please update the direct debit.",
            "account {X} pls refund the overpaid electricity",
            "The branch asked for account {X} and then sent a postal order anyway!",
            "Why did the transfer from {X} to you take a week?",
            "Monthly fee charged on account {X} despite the free account promise.",
            "Loan instalment is taken from: {X}; this month it was taken twice.",
        ],
    },
    "URL": {
        "pl": [
            "Zdjęcia uszkodzonej paczki wrzuciłam tutaj: {X}.",
            "Produkt zupełnie inny niż na aukcji ({X}), kolor i rozmiar się nie zgadzają",
            "{X} - tu jest nagranie, jak kurier rzuca paczką.",
            "Opisałem całą sprawę na forum: {X}",
            "Link do zamówienia {X} nie działa, wyskakuje 404.",
            "Cena w aplikacji inna niż na stronie {X}, to wprowadzanie w błąd!",
            "Zrzut ekranu błędu: {X} (strona płatności się wysypuje)",
            "Zobaczcie sami {X} i powiedzcie, czy to jest normalne.",
            "prosze zobaczyc {X} tam jest opisana wada",
            "Wysłałem reklamację z linkiem {X}; nikt nie zajrzał.",
            "Oferta z newslettera ({X}) była nieaktualna już godzinę po wysłaniu.",
        ],
        "en": [
            "I uploaded photos of the damaged parcel here: {X}.",
            "The product is nothing like the listing ({X}), wrong colour and size",
            "{X} - here is a video of the courier throwing my parcel.",
            "I described the whole thing on a forum: {X}",
            "The order link {X} doesn't work, it shows 404.",
            "The price in the app differs from the website {X}, that's misleading!",
            "Screenshot of the error: {X} (the payment page crashes)",
            "See for yourself {X} and tell me if that's normal.",
            "pls look at {X} it shows the defect",
            "I sent the complaint with the link {X}; nobody looked at it.",
            "The offer from the newsletter ({X}) was out of date an hour after it went out.",
        ],
    },
    "ID_CARD": {
        "pl": [
            "Przy odbiorze paczki kurier spisał numer dowodu {X}, po co mu to?",
            "Seria i numer dowodu: {X}. Proszę o aktualizację danych, bo stary dowód stracił "
            "ważność.",
            "Wniosek odrzucony, bo rzekomo dowód {X} jest zastrzeżony. Nie jest!",
            "{X} - nowy dowód osobisty, a w systemie banku dalej stary",
            "W wypożyczalni aut zrobili ksero dowodu ({X}) bez pytania",
            "dowod {X} wpisany przy rejestracji karty sim, prosze poprawic bo pomylka w jednej "
            "cyfrze",
        ],
        "en": [
            "The courier wrote down my Polish ID card number {X} on collection, why?",
            "ID card: {X}. Please update my details, the old card expired.",
            "The application was rejected because ID {X} is supposedly reported lost. It isn't!",
            "{X} is my new ID card and the bank's system still shows the old one",
        ],
    },
    "PASSPORT": {
        "pl": [
            "Przy odprawie online numer paszportu {X} nie przechodzi walidacji.",
            "Paszport: {X}. Proszę dopisać do rezerwacji, bo przy bramce był problem.",
            "Linia lotnicza wpisała zły numer paszportu, poprawny to {X}.",
            "{X} to paszport dziecka, a w systemie jest mój",
            "hotel zażądał skanu paszportu ({X}), a potem wysłał go mailem niezaszyfrowanym",
        ],
        "en": [
            "Online check-in won't accept passport number {X}.",
            "Passport: {X}. Please add it to the booking, there was trouble at the gate.",
            "The airline typed the wrong passport number, the right one is {X}.",
            "{X} is my child's passport and your system has mine instead",
            "The hotel demanded a scan of my passport ({X}) and then emailed it unencrypted",
        ],
    },
    "MULTI": {
        "pl": [
            "Proszę o kontakt: {PHONE} lub {EMAIL}. Reklamacja nadal nierozpatrzona.",
            "Zwrot na konto {IBAN}, w razie pytań dzwońcie na {PHONE}.",
            "Zamówienie nr {~order_9digit} nie dotarło. Telefon {PHONE}, mail {EMAIL}.",
            "{EMAIL} / {PHONE} - proszę o pilny kontakt, bo termin zwrotu mija.",
            "Karta {CARD} obciążona dwa razy, zwrot proszę na {IBAN}.",
            "Dane do wniosku: PESEL {PESEL}, dowód {ID_CARD}. Dlaczego odmowa?",
            "Kurier dzwonił na {PHONE}, a podawałem {PHONE:2}. Bałagan.",
            "Zdjęcia wady: {URL}, kontakt {EMAIL}",
            "Lot {~flight_number} odwołany {~date}, paszport {PASSPORT}, tel. {PHONE}. Czekam na "
            "odszkodowanie!",
            "Przesyłam jeszcze raz: e-mail {EMAIL}, telefon {PHONE}, konto do zwrotu {IBAN}",
            "Faktura {~invoice_number} miała iść na {EMAIL}, a poszła na {EMAIL:2}.",
            "Nowy numer {PHONE} (stary {PHONE:2} już nieaktywny), proszę zaktualizować.",
            "płaciłem kartą {CARD} za zamówienie {~order_9digit}, pieniądze zeszły a sklep "
            "twierdzi że nie",
            "Zgłoszenie opisane tu {URL}; odpowiedzcie na {EMAIL}!",
            "PESEL {PESEL}, nr konta {IBAN} - tyle razy już to podawałam, że mam dość.",
            "Zwrot {~price} na konto {IBAN}. Kontakt: {PHONE}",
            "Mój mail to {EMAIL} a numer telefonu {PHONE}; proszę nie mylić z kontem męża.",
            "Weryfikacja: dowód {ID_CARD}, PESEL {PESEL}, telefon {PHONE}. I dalej nic!!!",
            "Przesyłka {~tracking_inpost} utknęła, proszę o info na {PHONE} albo {EMAIL}.",
            "Rezerwacja hotelu na paszport {PASSPORT} i kartę {CARD}, a pobrano opłatę dwa razy",
        ],
        "en": [
            "Please contact me: {PHONE} or {EMAIL}. The complaint is still open.",
            "Refund to account {IBAN}; if anything, call {PHONE}.",
            "Order no. {~order_9digit} never arrived. Phone {PHONE}, email {EMAIL}.",
            "{EMAIL} / {PHONE} - please get back to me, the return window is closing.",
            "Card {CARD} was charged twice, refund please to {IBAN}.",
            "Courier called {PHONE} but I gave you {PHONE:2}. A mess.",
            "Photos of the fault: {URL}, contact {EMAIL}",
            "Flight {~flight_number} cancelled on {~date}, passport {PASSPORT}, phone {PHONE}. "
            "Waiting for compensation!",
            "Once again: email {EMAIL}, phone {PHONE}, refund account {IBAN}",
            "Invoice {~invoice_number} was meant to go to {EMAIL} but went to {EMAIL:2}.",
            "New number {PHONE} (old {PHONE:2} no longer active), please update.",
            "paid with {CARD} for order {~order_9digit}, money gone and the shop says it isn't",
            "Issue described here {URL}; reply to {EMAIL}!",
            "Refund of {~price} to account {IBAN}. Contact: {PHONE}",
            "My email is {EMAIL} and my phone number {PHONE}; don't mix them up with my "
            "husband's account.",
            "Parcel {~tracking_ups} is stuck, please update me on {PHONE} or {EMAIL}.",
            "Hotel booked with passport {PASSPORT} and card {CARD}, and the fee was taken twice",
            "The PESEL {PESEL} and ID card {ID_CARD} I gave at the branch were typed wrong, fix "
            "please.",
            "{URL} and {URL:2} are both broken order links, my email is {EMAIL}",
            "Call {PHONE}, or text {PHONE:2} if I don't pick up.",
        ],
    },
}

TEST_PII: Templates = {
    "PHONE": {
        "pl": [
            "Nikt nie odbiera na infolinii. Proszę, żeby ktoś zadzwonił na {X}.",
            "{X} – na ten numer miał dzwonić kurier, a zostawił awizo.",
            "Od dwóch tygodni próbuję zmienić taryfę, mój numer {X}, i ciągle słyszę, że system "
            "nie działa",
            "Daję 2, bo doradca miał oddzwonić (tel. {X}) i zapomniał.",
            "W razie czego proszę o kontakt pod nr {X}, chętnie wyjaśnię sprawę.",
            "Numer do mnie: {X}, proszę nie pisać maili, bo ich nie czytam",
            "Zamawiałam przez telefon {X} i zamówienie się zdublowało.",
            "Wszystko super, ale SMS-y z promocjami przychodzą na {X} codziennie, proszę to "
            "wyłączyć!",
            "Jeżeli ktoś z banku chce wiedzieć, o co chodzi, to {X}",
            "tel {X} prosze o pilny kontakt reklamacja pralki",
            "Oddział na Marszałkowskiej ok. Gorzej z infolinią; dzwoniłam z {X} i czekałam 40 "
            "minut.",
            "Dostałem SMS o paczce na numer {X}, choć nic nie zamawiałem. Podejrzane.",
            "Zgubiłam bagaż na lotnisku, zostawiłam numer {X} i od tygodnia nic.",
            "Roaming nie działa na numerze {X} mimo aktywnej usługi!!",
            "Mój numer ({X}) jest w systemie dwa razy i dostaję podwójne faktury.",
            "Proszę przekazać technikowi: {X}, domofon nie działa, trzeba dzwonić.",
            "{X}. Tyle w temacie, czekam na telefon.",
            "Nie mogę się zalogować do aplikacji, bo kod idzie na {X}, a tego numeru już nie mam",
            "Za długo się czeka na konsultanta. Mój kontakt: {X}",
            "Fajna promocja, ale przy aktywacji karty SIM numer {X} był zablokowany przez 2 dni.",
        ],
        "en": [
            "Nobody answers the helpline. Please get someone to call {X}.",
            "{X} – that's the number the courier was supposed to ring before leaving a card.",
            "I've been trying to change my plan for two weeks (my number is {X}) and keep "
            "hearing the system is down",
            "Giving 2 because the adviser said he'd call back on {X} and forgot.",
            "If anyone wants to know more, I'm on {X}, happy to explain.",
            "My number: {X}, please don't email, I never check it",
            "I ordered over the phone from {X} and the order was duplicated.",
            "Everything's great, but promo texts hit {X} every single day, please turn them off!",
            "If the bank wants to know what happened, ring {X}",
            "ph {X} urgent please re washing machine repair",
            "Branch staff were fine. The helpline less so: called from {X} and waited 40 minutes.",
            "Got a parcel text on {X} though I ordered nothing. Looks like a scam.",
            "My bag was lost at the airport; I left {X} with the desk and have heard nothing for "
            "a week.",
            "Roaming does not work on {X} even though the add-on is active!!",
            "My number ({X}) is on your system twice and I receive two bills.",
            "Please tell the technician: {X}, the buzzer is broken so he needs to phone.",
            "{X}. That's all, waiting for your call.",
            "Can't log into the app because the code goes to {X}, which I no longer have",
            "Waiting far too long for an agent. My contact: {X}",
            "Nice deal, but when activating the SIM the number {X} was blocked for 2 days.",
        ],
    },
    "EMAIL": {
        "pl": [
            "Adres do korespondencji: {X}. Proszę nie dzwonić w godzinach pracy.",
            "Wysłałem skany paragonów z {X} i nikt nie potwierdził odbioru",
            "{X} to mój mail, tam proszę wysłać duplikat umowy.",
            "Od miesiąca nie mogę zalogować się na konto {X} w aplikacji.",
            "Dostaję cudze faktury na {X}!!! To naruszenie RODO.",
            "Czekam na zwrot za lot. Mail (ten z rezerwacji): {X}",
            "Przesyłka ok, ale potwierdzenie zamówienia wpadło do spamu na {X}.",
            "Prosze pisac na {X} bo telefon mam sluzbowy",
            "Nie rozumiem, czemu przy rejestracji {X} był 'niepoprawny', skoro działa wszędzie.",
            "Zmieńcie mi proszę adres na {X}; stary zlikwidowałam.",
            "Doradczyni obiecała maila na {X}, nic nie przyszło",
            "Po zakupie w sklepie stacjonarnym poprosili o e-mail ({X}) i teraz spam codziennie.",
            "Konto firmowe: {X}, reszta jak w zgłoszeniu.",
            "Kontaktowałem się przez formularz podając {X}; brak odpowiedzi od 10 dni.",
        ],
        "en": [
            "Write to {X} rather than calling. Please not during working hours.",
            "Sent scans of the receipts from {X} and no one confirmed receiving them",
            "{X} is my email, send the duplicate contract there.",
            "For a month I haven't been able to log into {X} in the app.",
            "I'm getting someone else's invoices at {X}!!! That's a GDPR breach.",
            "Still waiting for my flight refund. Email (the one on the booking): {X}",
            "Parcel fine, but the order confirmation landed in spam at {X}.",
            "pls write to {X}, my phone is a work one",
            "No idea why sign-up said {X} was 'invalid' when it works everywhere else.",
            "Please change my address to {X}; I closed the old one.",
            "The adviser promised an email to {X}, nothing came",
            "After buying in store they asked for my email ({X}) and now it's spam every day.",
            "Business account: {X}, everything else as in the ticket.",
            "I used the web form with {X}; no reply in 10 days.",
        ],
    },
    "PESEL": {
        "pl": [
            "W systemie ktoś wpisał mi PESEL {X} zamiast mojego, stąd cały problem.",
            "Mój numer PESEL to {X}, a w umowie leasingu jest inny.",
            "Nr PESEL: {X} - proszę o zaświadczenie o spłacie kredytu.",
            "Nie rozumiem, czemu do zakupu biletu potrzebny jest PESEL ({X}), ale podałam.",
            "{X} to PESEL córki, karta miejska na nią nie działa od września",
            "Dwa razy odrzucony wniosek, pesel {X}. Prosze o kontakt",
            "Pracownik poprosił o PESEL przez czat, wysłałem {X} i potem się zorientowałem, że "
            "to chyba nie było rozsądne.",
            "Weryfikacja w aplikacji: PESEL {X}, selfie i nadal 'błąd danych'.",
            "Przy zakładaniu konta podałem swój numer {X} i aplikacja się zawiesiła",
        ],
        "en": [
            "Someone entered the PESEL {X} in my file instead of mine, that's the whole problem.",
            "My PESEL is {X} but the leasing contract shows another one.",
            "PESEL no. {X} - please send a loan repayment certificate.",
            "The chat agent asked for my PESEL so I sent {X}, in hindsight probably not wise.",
            "App verification: PESEL {X}, selfie, and still 'data error'.",
            "Typed my personal number {X} twice at sign-up, still 'invalid'",
        ],
    },
    "CARD": {
        "pl": [
            "Ktoś płacił moją kartą {X} w sklepie internetowym w Chinach, a bank nic nie wykrył.",
            "Proszę o zwrot środków na kartę: {X}",
            "{X} to karta firmowa, faktura powinna być na firmę",
            "Terminal odrzucił kartę {X}, a na koncie były środki.",
            "Przy zakupie biletu lotniczego system pokazał cały numer karty ({X}) na "
            "potwierdzeniu!!",
            "Zablokujcie mi karte {X}, zgubilam ja wczoraj",
            "Opłata za bagaż pobrana dwa razy z {X}. Oczekuję zwrotu.",
            "Płatność kartą {X} nie przechodzi w aplikacji, a BLIK działa.",
            "Subskrypcja odnowiła się sama na karcie {X}; nie było żadnego przypomnienia.",
            "Reklamacja transakcji z karty {X} trwa już 45 dni.",
            "Karta {X}. Limit zmniejszony bez pytania, stąd ocena.",
        ],
        "en": [
            "Someone used my card {X} on a Chinese web shop and the bank noticed nothing.",
            "Please refund the money to card: {X}",
            "{X} is the company card, the invoice should be in the company's name",
            "The terminal declined card {X} although there were funds.",
            "When I bought the plane ticket the confirmation showed the full card number ({X})!!",
            "block my card {X} please, lost it yesterday",
            "Baggage fee taken twice from {X}. I expect a refund.",
            "Paying with card {X} fails in the app, while PayPal works.",
            "The subscription renewed itself on card {X}; no reminder at all.",
            "The chargeback for card {X} has been open for 45 days.",
            "Card {X}. Limit lowered without asking, hence the score.",
        ],
    },
    "IBAN": {
        "pl": [
            "Pieniądze za zwrócony towar proszę przelać na {X}.",
            "Mój rachunek: {X}. Proszę o zwrot kaucji za router.",
            "{X} to numer konta, na który czekam na odszkodowanie za opóźniony lot.",
            "Bank przyjął dyspozycję przelewu na {X}, ale odbiorca nic nie dostał",
            "W formularzu zwrotu (nr konta {X}) nie da się poprawić literówki.",
            "Dlaczego do zwrotu potrzebny jest numer konta? Podaję: {X}",
            "Wypłata odszkodowania na rachunek {X} trwa już dwa miesiące",
            "prosze zwrocic pieniadze na {X} jak najszybciej",
            "Polecenie zapłaty z konta {X} nie zostało anulowane, choć rezygnowałem z usługi!",
            "Aplikacja pokazuje saldo 0 na koncie {X}, a w oddziale mówią inaczej.",
            "Numer konta mojej firmy zmienił się na {X}, proszę o korektę faktur.",
            "Nadpłata wraca na {X}? Bo na stare konto już nie mam dostępu.",
        ],
        "en": [
            "Please transfer the money for the returned item to {X}.",
            "My account: {X}. Please refund the router deposit.",
            "{X} is the account where I'm waiting for compensation for the delayed flight.",
            "The bank accepted my transfer to {X}, but the recipient got nothing",
            "On the refund form (account {X}) you can't fix a typo.",
            "Why do you even need my account number for a refund? Here it is: {X}",
            "The compensation payment to {X} has taken two months already",
            "please send the money back to {X} asap",
            "The direct debit from {X} was never cancelled, although I quit the service!",
            "The app shows a zero balance on {X}, but the branch says otherwise.",
            "My company's account changed to {X}, please correct the invoices.",
            "Will the overpayment go back to {X}? I no longer have access to the old account.",
        ],
    },
    "URL": {
        "pl": [
            "Tu wrzuciłem wideo z rozpakowania: {X}. Ekran pęknięty od nowości.",
            "Na stronie {X} pisze co innego niż mówił konsultant",
            "{X} – ten sam produkt taniej u konkurencji, więc ocena niższa.",
            "Wszystko opisane w recenzji ({X}), nie będę się powtarzać.",
            "Dlaczego link w SMS-ie ({X}) prowadzi do logowania? Wygląda jak phishing.",
            "Regulamin promocji: {X}. Nigdzie nie ma tam mowy o tej opłacie.",
            "Nie mogę otworzyć faktury pod adresem {X}",
            "zdjecia wady sa pod {X} prosze o szybka decyzje",
            "Polecam! Wrzuciłam nawet zdjęcia na {X} :)",
            "Zgłoszenie opisałem tutaj {X}, czekam na ruch z waszej strony.",
            "Mapa z miejscem, gdzie kurier zostawił paczkę: {X}",
        ],
        "en": [
            "Here's the unboxing video: {X}. Screen cracked out of the box.",
            "The page {X} says something different from what the agent told me",
            "{X} – same product cheaper elsewhere, hence the lower score.",
            "Everything is in my review ({X}), I won't repeat myself.",
            "Why does the link in your text ({X}) go to a login page? Looks like phishing.",
            "Promo terms: {X}. Nothing there about that fee.",
            "I can't open the invoice at {X}",
            "photos of the fault are at {X} please decide quickly",
            "Recommended! I even posted pictures at {X} :)",
            "I wrote the issue up here {X}, waiting for you to act.",
            "Map of where the courier dumped the parcel: {X}",
        ],
    },
    "ID_CARD": {
        "pl": [
            "Numer dowodu osobistego {X} został źle przepisany na umowie.",
            "Dowód osobisty: {X}, ważny do 2031, a system twierdzi, że nieważny.",
            "Zastrzegłam dowód {X} po kradzieży, a wy i tak wydaliście na niego kartę SIM!",
            "Kasjerka przy zwrocie chciała spisać dowód ({X}). Dziwne.",
            "{X} - to mój dowód, proszę o sprostowanie w umowie",
            "przy kredycie ratalnym podalem dowod {X} i czekam 3 dni na decyzje",
        ],
        "en": [
            "My ID card number {X} was copied wrongly onto the contract.",
            "Identity card: {X}, valid until 2031, yet your system says it's expired.",
            "I reported ID card {X} stolen and you still issued a SIM card on it!",
            "{X} - that's my ID, please correct the agreement",
        ],
    },
    "PASSPORT": {
        "pl": [
            "Wpisałem numer paszportu {X} w aplikacji przewoźnika i wyskoczył błąd.",
            "Nr paszportu: {X}; przy odprawie okazało się, że rezerwacja ma inny.",
            "Biuro podróży zgubiło dane, wysyłam ponownie: paszport {X}",
            "{X} – paszport ważny, a system twierdzi, że wygasł!",
            "Do wizy podałam paszport ({X}), agencja pomyliła cyfry",
        ],
        "en": [
            "I entered passport {X} in the carrier's app and got an error.",
            "Passport no.: {X}; at check-in the booking showed a different one.",
            "The travel agent lost my details, sending again: passport {X}",
            "{X} – the passport is valid, your system claims it expired!",
            "For the visa I gave my passport ({X}) and the agency mixed up the digits",
        ],
    },
    "MULTI": {
        "pl": [
            "Telefon: {PHONE}, mail: {EMAIL} - i tak nikt się nie odezwał.",
            "Proszę zwrócić {~price} na {IBAN}, a nie na kartę {CARD}, którą już zastrzegłem.",
            "Paczka {~tracking_dhl} zaginęła. Kontakt {EMAIL} albo {PHONE}.",
            "{PHONE} lub {PHONE:2}, jestem dostępna cały dzień",
            "Umowa na PESEL {PESEL} i dowód {ID_CARD}, a faktura na kogoś innego?!",
            "Link do aukcji {URL}, mój mail {EMAIL}. Towar niezgodny z opisem.",
            "Do odszkodowania: paszport {PASSPORT}, konto {IBAN}, rezerwacja z {~date}.",
            "Zamówienie {~order_alnum}: proszę o zwrot na {IBAN}, potwierdzenie na {EMAIL}.",
            "Dzwonię z {PHONE}, SMS przychodzi na {PHONE:2} - proszę to ujednolicić",
            "Obciążenie karty {CARD} z {~date} to pomyłka; proszę o kontakt {PHONE}",
            "Adresy {EMAIL} i {EMAIL:2} to to samo konto, a dostaję wszystko podwójnie.",
            "Kontakt: {EMAIL}; telefon ({PHONE}) tylko po 17.",
            "Wniosek kredytowy: PESEL {PESEL}, telefon {PHONE}, mail {EMAIL}. Czekam 2 tygodnie.",
            "zwrot za bilet prosze na konto {IBAN} tel {PHONE}",
            "Zdjęcia tu {URL} i tu {URL:2}. Reklamacja odrzucona bez oglądania!",
            "Paszport {PASSPORT}, dowód {ID_CARD} – oba ważne, a odprawa online nie działa.",
            "Faktura {~invoice_number} i numer konta {IBAN} się nie zgadzają z umową",
            "Pobrali z karty {CARD} opłatę za zamówienie {~order_9digit} dwa razy. Proszę o "
            "telefon: {PHONE}.",
            "Moje dane: {EMAIL}, {PHONE}. Reszta w zgłoszeniu.",
            "Wysłałem maila z {EMAIL} i zadzwoniłem z {PHONE}; zero reakcji przez tydzień.",
        ],
        "en": [
            "Phone: {PHONE}, email: {EMAIL} - nobody got back to me anyway.",
            "Please refund {~price} to {IBAN}, not to card {CARD}, which I've cancelled.",
            "Parcel {~tracking_dhl} is lost. Contact {EMAIL} or {PHONE}.",
            "{PHONE} or {PHONE:2}, I'm around all day",
            "Link to the listing {URL}, my email {EMAIL}. Item not as described.",
            "For the compensation: passport {PASSPORT}, account {IBAN}, booking from {~date}.",
            "Order {~order_alnum}: please refund to {IBAN}, confirmation to {EMAIL}.",
            "I call from {PHONE} but texts go to {PHONE:2} - please sort it out",
            "The charge on card {CARD} on {~date} is a mistake; please contact me on {PHONE}",
            "{EMAIL} and {EMAIL:2} are the same account, yet I get everything twice.",
            "Contact: {EMAIL}; phone ({PHONE}) only after 5pm.",
            "Loan application: PESEL {PESEL}, phone {PHONE}, email {EMAIL}. Two weeks waiting.",
            "ticket refund to account {IBAN} please, ph {PHONE}",
            "Photos here {URL} and here {URL:2}. Complaint rejected without looking!",
            "Passport {PASSPORT} and ID card {ID_CARD} – both valid, online check-in still fails.",
            "Invoice {~invoice_number} and account {IBAN} don't match the contract",
            "Card {CARD} charged twice for order {~order_9digit}. Please call: {PHONE}.",
            "My details: {EMAIL}, {PHONE}. The rest is in the ticket.",
            "I emailed from {EMAIL} and phoned from {PHONE}; no reaction for a week.",
            "Booking {~order_alnum} made with card {CARD}; please send the refund receipt to "
            "{EMAIL}.",
        ],
    },
}

# ----------------------------------------------------------------------------- look-alikes
# format id -> {"pl": [...], "en": [...]}; no personal data in any of them.

DEV_LOOKALIKE: Templates = {
    "order_9digit": {
        "pl": [
            "Zamówienie nr {V} nadal w realizacji, choć minęły 2 tygodnie.",
            "{V} - tyle ma numer mojego zamówienia i nikt na infolinii nie umie go znaleźć",
            "Proszę sprawdzić zamówienie {V}, dostałam nie ten kolor.",
            "Nr zam. {V}. Brak faktury w paczce.",
        ],
        "en": [
            "Order {V} is still processing after two weeks.",
            "Order number: {V}. Nobody at the helpline can find it",
            "Please check order #{V}, I received the wrong size.",
            "My order ({V}) was split into three parcels for no reason.",
        ],
    },
    "order_alnum": {
        "pl": [
            "Zamówienie {V} przyszło niekompletne.",
            "Reklamacja do zamówienia {V} odrzucona bez podania przyczyny",
            "Numer zamówienia {V} nie istnieje według konsultanta, a mam maila z potwierdzeniem!",
            "Dostawa zamówienia {V} przesunięta trzeci raz.",
        ],
        "en": [
            "Order {V} arrived incomplete.",
            "The complaint on order {V} was rejected with no reason",
            "According to the agent order {V} doesn't exist, but I have the confirmation!",
            "Delivery of {V} postponed for the third time.",
        ],
    },
    "amount_grouped": {
        "pl": [
            "Firma chwali się zyskiem {V} zł, a na obsługę klienta szkoda pieniędzy.",
            "Kredyt na {V} zł i ani jednego telefonu od doradcy.",
            "Podobno wydali {V} zł na nową aplikację. Nie widać.",
            "Saldo punktów: {V} pkt i nie ma na co wymienić",
        ],
        "en": [
            "They boast a profit of {V} PLN but can't afford decent support.",
            "Loan of {V} zł and not one call from the adviser.",
            "Apparently {V} zł was spent on the new app. Doesn't show.",
            "I have {V} points and nothing to spend them on",
        ],
    },
    "price": {
        "pl": [
            "Za {V} spodziewałam się lepszej jakości.",
            "Abonament podrożał do {V} bez uprzedzenia!",
            "Bagaż podręczny {V} - to rozbój.",
            "Ta sama kurtka w sklepie stacjonarnym kosztuje {V}, w aplikacji drożej",
        ],
        "en": [
            "For {V} I expected better quality.",
            "The plan went up to {V} without notice!",
            "{V} for cabin luggage - daylight robbery.",
            "Same jacket costs {V} in store, more in the app",
        ],
    },
    "date": {
        "pl": [
            "Zamówienie złożone {V}, do dziś nie dotarło.",
            "Lot przełożony z {V} bez żadnej informacji",
            "{V} była awaria i nikt nie poinformował klientów.",
            "Umowa kończy się {V}, a już naliczają karę.",
        ],
        "en": [
            "Ordered on {V}, still not here.",
            "Flight moved from {V} with no information",
            "{V}: outage, and no one told customers.",
            "The contract ends {V} and you already charge a penalty.",
        ],
    },
    "time": {
        "pl": [
            "Kurier miał być do {V}, przyjechał wieczorem.",
            "Dzwoniłam o {V} i czekałam 50 minut na konsultanta",
            "Lot o {V} opóźniony o 3 godziny",
            "Sklep według strony otwarty od {V}, a drzwi zamknięte",
        ],
        "en": [
            "Courier was due by {V} and showed up in the evening.",
            "I called at {V} and waited 50 minutes for an agent",
            "The {V} flight was 3 hours late",
            "Website says the store opens at {V}, door was locked",
        ],
    },
    "postal_code": {
        "pl": [
            "Kurierzy omijają kod {V}, trzeci raz paczka wraca do nadawcy",
            "Nie dostarczacie na {V}? Przecież to Warszawa.",
            "Paczkomat przy kodzie {V} ciągle pełny.",
            "Sklep nie przyjmuje adresu z kodem {V}, formularz wyrzuca błąd",
        ],
        "en": [
            "Couriers skip postcode {V}, the parcel went back for the third time",
            "You don't deliver to {V}? It's Warsaw.",
            "The locker in the {V} area is always full.",
            "The checkout rejects the Polish postcode {V}, form error",
        ],
    },
    "ean13": {
        "pl": [
            "Na paragonie kod {V}, a na półce inna cena.",
            "Produkt o kodzie kreskowym {V} wycofany? Szukam go od miesiąca.",
            "Skaner w kasie samoobsługowej nie czyta {V}",
            "EAN {V} - ten sam towar w internecie 30% taniej",
        ],
        "en": [
            "The receipt shows barcode {V} but the shelf had a different price.",
            "Was product {V} discontinued? I've been looking for a month.",
            "The self-checkout scanner won't read {V}",
            "EAN {V} - same item 30% cheaper online",
        ],
    },
    "tracking_dhl": {
        "pl": [
            "Przesyłka DHL {V} stoi w sortowni od 6 dni.",
            "Numer listu przewozowego {V} - status się nie zmienia",
            "Kurier DHL nie przyjechał z paczką {V}, a w systemie 'próba doręczenia'",
            "dhl {V} zaginęło",
        ],
        "en": [
            "DHL shipment {V} has been in the hub for 6 days.",
            "Waybill {V} - the status never changes",
            "DHL courier never came with parcel {V}, the system says 'delivery attempted'",
            "dhl {V} lost",
        ],
    },
    "tracking_inpost": {
        "pl": [
            "Paczka {V} od 4 dni 'w drodze' do paczkomatu.",
            "InPost: {V}, skrytka się nie otworzyła",
            "Nadałam zwrot z numerem {V} i sklep go nie widzi",
            "Kod paczki {V}, paczkomat pełny, przekierowali 10 km dalej",
        ],
        "en": [
            "Parcel {V} has been 'in transit' to the locker for 4 days.",
            "InPost: {V}, the locker door didn't open",
            "I sent the return under {V} and the shop can't see it",
            "Parcel {V}: locker full, redirected 10 km away",
        ],
    },
    "tracking_ups": {
        "pl": [
            "Przesyłka UPS {V} utknęła w cle",
            "Numer śledzenia {V}, UPS każe dopłacić za odprawę",
            "Kurier UPS zostawił paczkę {V} pod drzwiami, w deszczu",
            "{V}: dostarczono, ale nie do mnie",
        ],
        "en": [
            "UPS shipment {V} stuck in customs",
            "Tracking {V}, UPS wants a customs fee",
            "UPS left parcel {V} at the door, in the rain",
            "{V}: delivered, but not to me",
        ],
    },
    "tracking_poczta": {
        "pl": [
            "List polecony {V} szedł 3 tygodnie.",
            "Poczta: przesyłka {V} 'awizowana', a nikt nie dzwonił do drzwi",
            "Zwrot nadany jako {V}, a sklep nic nie wie",
            "Paczka z Chin ({V}) stoi w Warszawie od miesiąca",
        ],
        "en": [
            "Registered letter {V} took 3 weeks.",
            "Post office: item {V} 'notice left', nobody rang the bell",
            "Return sent as {V} and the shop knows nothing",
            "Parcel from China ({V}) stuck in Warsaw for a month",
        ],
    },
    "invoice_number": {
        "pl": [
            "Faktura {V} ma błędną nazwę firmy.",
            "Proszę o korektę faktury {V}",
            "Na fakturze {V} brak rabatu, który obiecał doradca",
            "{V} - faktura przyszła dwa razy, zapłacona raz",
        ],
        "en": [
            "Invoice {V} has the wrong company name.",
            "Please issue a correction to invoice {V}",
            "Invoice {V} is missing the discount the adviser promised",
            "{V} - invoice arrived twice, paid once",
        ],
    },
    "version_number": {
        "pl": [
            "Po aktualizacji do wersji {V} aplikacja ciągle się wyłącza.",
            "Wersja {V} usunęła tryb ciemny, po co?",
            "Od {V} nie działa logowanie odciskiem palca",
            "Aplikacja banku w wersji {V} jest dużo wolniejsza",
        ],
        "en": [
            "After updating to version {V} the app keeps crashing.",
            "Version {V} removed dark mode, why?",
            "Since {V} fingerprint login is broken",
            "The bank app in version {V} is much slower",
        ],
    },
    "percentage": {
        "pl": [
            "Rabat 15% naliczył się tylko na jeden produkt",
            "Podwyżka o 20 % w trakcie umowy? Żegnam.",
            "Oprocentowanie 8,5% to rozbój",
            "Bateria traci 10% w godzinę po aktualizacji",
        ],
        "en": [
            "The 15% discount only applied to one item",
            "A 20 % price rise mid-contract? Goodbye.",
            "8.5% interest is robbery",
            "Battery drops 10% an hour since the update",
        ],
    },
    "flight_number": {
        "pl": [
            "Lot {V} opóźniony o 4 godziny, bez informacji.",
            "Na lot {V} nie było miejsca na bagaż podręczny",
            "{V} z Warszawy odwołany, rebooking na następny dzień",
            "Załoga lotu {V} bardzo miła, dlatego 9",
        ],
        "en": [
            "Flight {V} 4 hours late with no updates.",
            "No room for cabin bags on flight {V}",
            "{V} from Warsaw cancelled, rebooked for the next day",
            "Crew on {V} were lovely, hence a 9",
        ],
    },
    "numeric_range": {
        "pl": [
            "Dostawa miała trwać 2-3 dni, trwała tydzień.",
            "Czas oczekiwania na infolinii 20–30 minut, masakra",
            "Ceny 100-200 zł wyżej niż u konkurencji",
            "Technik miał być między 8-12, przyszedł o 15",
        ],
        "en": [
            "Delivery was meant to take 2-3 days, took a week.",
            "Helpline wait time 20–30 minutes, awful",
            "Prices 100-200 zł higher than competitors",
            "The engineer was due 8-12 and came at 3pm",
        ],
    },
    "product_model": {
        "pl": [
            "Słuchawki WH-1000XM4 po pół roku przestały ładować.",
            "Telefon SM-G991B przyszedł z zarysowanym ekranem",
            "Model {V} niedostępny, a na stronie był",
            "Pralka WW90T534DAW głośna jak traktor",
        ],
        "en": [
            "The WH-1000XM4 headphones stopped charging after six months.",
            "Phone SM-A546B arrived with a scratched screen",
            "Model {V} out of stock although the site listed it",
            "The KD-55X85K TV has a dead pixel",
        ],
    },
    "company_nip": {
        "pl": [
            "Faktura na firmę, NIP {V}, a przyszła na osobę prywatną.",
            "Podałem NIP {V} przy zamówieniu i i tak dostałem paragon.",
            "Sprzedawca (NIP {V}) nie odpowiada na reklamacje",
            "Proszę dopisać NIP firmy: {V}",
        ],
        "en": [
            "Invoice should be for the company, VAT ID {V}, but it came in my own name.",
            "I entered tax ID {V} at checkout and still got a receipt.",
            "The seller (NIP {V}) ignores complaints",
            "Please add the company NIP: {V}",
        ],
    },
    "company_regon": {
        "pl": [
            "REGON firmy {V} jest na fakturze błędny.",
            "Do umowy B2B podałem REGON {V}, a konsultant wpisał NIP",
            "{V} to REGON spółki, proszę poprawić dane",
            "Sklep nie podaje swojego REGON-u, znalazłam sama: {V}",
        ],
        "en": [
            "The company REGON {V} on the invoice is wrong.",
            "For the business contract I gave REGON {V} and the agent entered the NIP",
            "{V} is the company's REGON, please fix the record",
            "The shop hides its REGON, I found it myself: {V}",
        ],
    },
    "bank_code": {
        "pl": [
            "Przelewy do banku 1090 idą dłużej niż do innych, dziwne",
            "Kod SWIFT BPKOPLPW na stronie był błędny przez tydzień",
            "Numer rozliczeniowy 1140 2004 w formularzu jest nieaktualny",
            "BIC: INGBPLPW - podałem, i tak przelew zagraniczny wrócił",
        ],
        "en": [
            "Sort code 20-00-00 shows the wrong branch in your app",
            "SWIFT code BPKOPLPW on the website was wrong for a week",
            "My bank's sort code 40-47-84 isn't accepted by the form",
            "BIC: INGBPLPW - entered it and the international transfer still bounced",
        ],
    },
    "card_masked": {
        "pl": [
            "Pobrano płatność z karty **** **** **** 4821 bez mojej zgody",
            "Karta kończąca się na 7730 odrzucona na stacji",
            "Na wyciągu widzę XXXX-XXXX-XXXX-1095, a takiej karty nie mam",
            "Transakcja kartą *5512 zdublowana",
        ],
        "en": [
            "A payment was taken from card **** **** **** 3906 without consent",
            "Card ending in 2284 declined at the petrol station",
            "Statement shows XXXX-XXXX-XXXX-6671 and I don't have that card",
            "Transaction on card *0459 duplicated",
        ],
    },
    "brand_domain": {
        "pl": [
            "Na allegro.pl taniej i szybciej",
            "Zamawiam z zalando.pl od lat, pierwszy raz problem",
            "Strona ing.pl w nocy nie działała",
            "Bilety kupuję na intercity.pl, bo aplikacja się zawiesza",
        ],
        "en": [
            "Cheaper and faster on amazon.co.uk",
            "Ordered from asos.com for years, first problem",
            "easyjet.com was down all evening",
            "I booked via booking.com and the hotel had no record",
        ],
    },
    "sentence_join": {
        "pl": [
            "Wszystko OK.De facto najlepszy sklep w okolicy",
            "Dostawa szybka.Do tego gratis próbki",
            "Kurier spóźniony.To już trzeci raz",
            "Super obsluga.Polecam kazdemu",
        ],
        "en": [
            "Delivery was late.My order was also damaged",
            "Great service.At least someone cares",
            "Quick refund.As usual, top marks",
            "Helpful staff.Is it always this good?",
        ],
    },
    "abbreviation_dots": {
        "pl": [
            "Brakowało m.in. instrukcji i ładowarki",
            "Proszę o kontakt ws. reklamacji, tj. zwrotu za buty",
            "Opóźnienie ok. 2 godz. bez przeprosin",
            "Sklep przy ul. Długiej ma b.miłą obsługę",
        ],
        "en": [
            "Several items were missing, e.g. the charger",
            "Delivery at 7 a.m. is too early, i.e. nobody was up",
            "Staff in the U.K. stores are friendlier",
            "Great value, esp. the 3-for-2 offers, etc.",
        ],
    },
    "file_name": {
        "pl": [
            "W załączniku faktura_03_2024.pdf, ale aplikacja nie przyjmuje PDF-ów",
            "Wysłałem zdjęcie IMG_4471.jpg trzy razy",
            "Plik umowa_final.docx nie otwiera się na telefonie",
            "Regulamin w pliku regulamin.pdf ma 40 stron drobnym drukiem",
        ],
        "en": [
            "Attached statement_march.pdf but the app won't accept PDFs",
            "Sent photo IMG_20240312_1422.jpg three times",
            "The file contract_v2.docx won't open on my phone",
            "Your export data.csv has the columns shifted",
        ],
    },
    "hashtag": {
        "pl": [
            "#nigdywięcej zamawiania u was",
            "Obsługa na 6+ #polecam",
            "Kolejny raz paczka zniszczona #fail",
            "#BlackFriday to ściema, ceny podniesione dzień wcześniej",
        ],
        "en": [
            "Never again #fail",
            "Brilliant crew #flyingwithstyle",
            "#ripoff extra fees everywhere",
            "Loved the #BlackFriday deals this year",
        ],
    },
    "brand_mention": {
        "pl": [
            "Pisałem do @Allegro na Twitterze, szybciej odpowiadają niż infolinia",
            "@PLAY_Polska proszę naprawić zasięg na Mokotowie",
            "Na X oznaczyłam @InPost_PL, zero reakcji",
            "Lepiej obsługuje @mBank, przenoszę konto",
        ],
        "en": [
            "Tweeted @Ryanair and got a reply faster than from the helpline",
            "@British_Airways please fix the app",
            "Tagged @AmazonHelp, no response",
            "@Revolut does this better, switching",
        ],
    },
    "service_number": {
        "pl": [
            "Kod *100# nie pokazuje stanu konta",
            "Dzwoniłem na 112 po wypadku, ubezpieczyciel dalej pyta o protokół",
            "Wybieram 9 w menu i rozłącza",
            "Numer skrócony *121# nie działa w roamingu",
        ],
        "en": [
            "Code *100# doesn't show my balance",
            "Press 9 on the menu and it hangs up",
            "Shortcode *121# doesn't work abroad",
            "Text STOP to 8080 does nothing, still get spam",
        ],
    },
    "measurement": {
        "pl": [
            "Telewizor 55 cali przyszedł z pękniętą matrycą",
            "Paczka 30x40x60 cm nie zmieściła się w paczkomacie, a był rozmiar C",
            "Worek 25 kg karmy rozerwany",
            "Rozdzielczość 1920x1080 na tym laptopie to żart",
        ],
        "en": [
            "55-inch TV arrived with a cracked panel",
            "A 30x40x60 cm box didn't fit the locker",
            "The 25 kg bag of dog food was torn",
            "1920x1080 on this laptop is a joke",
        ],
    },
    "score_fraction": {
        "pl": [
            "Daję 9/10, bo kurier był bardzo miły",
            "Ogólnie 7/10, aplikacja mogłaby być szybsza",
            "Obsługa 10/10, cena 6/10",
            "3 na 10 i tak z litości",
        ],
        "en": [
            "9/10 because the driver was lovely",
            "7/10 overall, app could be faster",
            "Service 10/10, price 6/10",
            "2 out of 10 and that's generous",
        ],
    },
    "ticket_number": {
        "pl": [
            "Zgłoszenie nr 4471923 zamknięte bez rozwiązania",
            "Reklamacja RMA-48213 wisi od miesiąca",
            "Sprawa 2024/03/1187 - nikt się nie odezwał",
            "Numer zgłoszenia 88123 - trzeci raz to samo",
        ],
        "en": [
            "Ticket 4471924 closed without a fix",
            "Return RMA-48219 pending for a month",
            "Case #00918822 - nobody got back to me",
            "Incident INC0012345 reopened three times",
        ],
    },
}

TEST_LOOKALIKE: Templates = {
    "order_9digit": {
        "pl": [
            "Numer zamówienia: {V}, a status od tygodnia 'w przygotowaniu'.",
            "Anulowałem zamówienie {V} i nadal nie ma zwrotu!",
            "W zamówieniu {V} brakowało jednej sztuki",
            "zamowienie {V} przyszlo uszkodzone",
        ],
        "en": [
            "Order no. {V} arrived with one item missing",
            "Cancelled order {V} and still no refund!",
            "{V} is my order number, status stuck on 'preparing' for a week.",
            "Re order {V}: damaged on arrival",
        ],
    },
    "order_alnum": {
        "pl": [
            "Proszę o status zamówienia {V}.",
            "{V} - zamówienie opłacone, a w panelu 'nieopłacone'",
            "Zwrot z zamówienia {V} wciąż nie zaksięgowany",
            "Dostałem dwie paczki do zamówienia {V}, a zamawiałem jedną rzecz",
        ],
        "en": [
            "Please give me a status for order {V}.",
            "{V} - paid, but the account page says 'unpaid'",
            "The refund for {V} still hasn't been booked",
            "Received two parcels for order {V} while I ordered one thing",
        ],
    },
    "amount_grouped": {
        "pl": [
            "Na reklamy wydali pewnie {V} zł, a kurierzy dalej rzucają paczkami.",
            "Limit na koncie firmowym {V} zł, a przelew zablokowany.",
            "Mieszkanie za {V} zł i bank robił problemy z wyceną",
            "{V} zł kary umownej? Chyba żart.",
        ],
        "en": [
            "They probably spent {V} zł on ads, yet couriers still throw parcels.",
            "The business account limit is {V} PLN and the transfer was blocked.",
            "A flat for {V} zł and the bank made a fuss about the valuation",
            "{V} zł early termination fee? You must be joking.",
        ],
    },
    "price": {
        "pl": [
            "Dopłata {V} za wybór miejsca w samolocie to przesada",
            "Cena {V} za miesiąc, a internet ledwo działa.",
            "Kupiłem za {V}, tydzień później było w promocji o połowę taniej",
            "Dostawa {V}? Za kilka skarpetek?",
        ],
        "en": [
            "A {V} fee to pick a seat is too much",
            "Paying {V} a month and the internet barely works.",
            "Bought it for {V}, a week later it was half price",
            "{V} for delivery? For a few pairs of socks?",
        ],
    },
    "date": {
        "pl": [
            "Termin dostawy {V} nie został dotrzymany",
            "Od {V} nie mam internetu!",
            "Wizyta technika umówiona na {V}, nikt nie przyszedł.",
            "Reklamację złożyłam {V}; ustawowy termin minął",
        ],
        "en": [
            "Delivery date {V} was not met",
            "No internet since {V}!",
            "Technician booked for {V}, nobody came.",
            "I filed the complaint on {V}; the statutory deadline has passed",
        ],
    },
    "time": {
        "pl": [
            "Technik miał przyjść o {V}, przyszedł po dwóch godzinach",
            "Po {V} nie da się złożyć zamówienia na jutro?",
            "Od {V} do teraz nie ma prądu, a infolinia milczy",
            "Boarding zamknięty o {V}, a kolejka do kontroli stała",
        ],
        "en": [
            "The technician was due at {V}, came two hours later",
            "After {V} you can't order for tomorrow?",
            "No power since {V} and the helpline is silent",
            "Boarding closed at {V} while the security queue was not moving",
        ],
    },
    "postal_code": {
        "pl": [
            "Kod pocztowy {V} nie jest obsługiwany przez dostawę jutro - czemu?",
            "W {V} zasięg jest tragiczny",
            "Formularz nie akceptuje {V}, musiałam wpisać kod sąsiedniego miasta",
            "{V} to nie jest wieś na końcu świata, a dostawa 5 dni",
        ],
        "en": [
            "Postcode {V} isn't covered by next-day delivery - why?",
            "Signal in {V} is terrible",
            "The form won't accept {V}, I had to enter the next town's code",
            "{V} isn't the middle of nowhere, yet delivery takes 5 days",
        ],
    },
    "ean13": {
        "pl": [
            "Kod EAN {V} na opakowaniu nie zgadza się z fakturą",
            "Zeskanowałam {V} w aplikacji i pokazało inny produkt",
            "Zamówiłem produkt {V}, przyszedł zamiennik",
            "Brak w sklepie produktu z kodem {V} od miesięcy",
        ],
        "en": [
            "EAN {V} on the box doesn't match the invoice",
            "I scanned {V} in the app and it showed a different product",
            "Ordered item {V}, got a substitute",
            "Item with barcode {V} out of stock for months",
        ],
    },
    "tracking_dhl": {
        "pl": [
            "Paczka DHL nr {V} dostarczona do sąsiada bez zgody",
            "Śledzenie {V} (DHL) pokazuje inny kraj!",
            "Zwrot wysłany DHL-em, numer {V}, a sklep twierdzi, że nie dotarł",
            "Przesyłka {V} od DHL wróciła do nadawcy bez próby doręczenia",
        ],
        "en": [
            "DHL parcel no. {V} left with a neighbour without consent",
            "Tracking {V} (DHL) shows another country!",
            "Return sent via DHL, number {V}, and the shop says it never arrived",
            "Shipment {V} from DHL went back to the sender with no delivery attempt",
        ],
    },
    "tracking_inpost": {
        "pl": [
            "Numer przesyłki InPost {V} - status 'odebrana', a ja jej nie odebrałem!",
            "Przesyłka kurierska InPost {V} trzy dni w sortowni",
            "{V} - paczka czeka w złym paczkomacie",
            "Śledzenie paczki {V} nie działa w aplikacji",
        ],
        "en": [
            "InPost tracking {V} - status 'collected', and I never collected it!",
            "InPost courier parcel {V} three days at the depot",
            "{V} - parcel waiting in the wrong locker",
            "Tracking for {V} doesn't work in the app",
        ],
    },
    "tracking_ups": {
        "pl": [
            "UPS {V} - trzecia próba doręczenia w godzinach pracy",
            "Paczka z numerem {V} przyszła otwarta",
            "Zwrot przez UPS ({V}) nie został zeskanowany przy nadaniu",
            "Śledzę {V} od tygodnia, stoi w Kolonii",
        ],
        "en": [
            "UPS {V} - third delivery attempt during working hours",
            "Parcel {V} arrived opened",
            "The UPS return ({V}) was not scanned at drop-off",
            "Been tracking {V} for a week, it's sitting in Cologne",
        ],
    },
    "tracking_poczta": {
        "pl": [
            "Przesyłka pocztowa {V} zaginęła w drodze.",
            "Numer nadania {V}, status 'w doręczeniu' od 5 dni",
            "Awizo do {V}, a byłam w domu cały dzień!",
            "{V} wrócił do nadawcy bez powodu",
        ],
        "en": [
            "Postal item {V} got lost on the way.",
            "Tracking {V}, status 'out for delivery' for 5 days",
            "Notice card for {V}, though I was home all day!",
            "{V} was returned to sender for no reason",
        ],
    },
    "invoice_number": {
        "pl": [
            "Dlaczego na fakturze {V} jest opłata aktywacyjna?",
            "Nie mogę pobrać faktury {V} z panelu klienta",
            "Korekta {V} obiecana miesiąc temu",
            "faktura {V} zla kwota VAT",
        ],
        "en": [
            "Why is there an activation fee on invoice {V}?",
            "I can't download invoice {V} from the account",
            "Correction to {V} promised a month ago",
            "invoice {V} wrong VAT amount",
        ],
    },
    "version_number": {
        "pl": [
            "Aktualizacja {V} zepsuła powiadomienia",
            "Na Androidzie, wersja aplikacji {V}, nie da się dodać karty",
            "W wersji {V} zniknęło wyszukiwanie po numerze zamówienia.",
            "Router z firmware {V} restartuje się co godzinę",
        ],
        "en": [
            "Update {V} broke notifications",
            "Android, app version {V}, can't add a card",
            "Search by order number disappeared in {V}.",
            "Router on firmware {V} reboots every hour",
        ],
    },
    "percentage": {
        "pl": [
            "Obiecali 30% zniżki dla stałych klientów, na kasie 0%",
            "Cashback 5 % nie został naliczony",
            "Prowizja 2,9% za przewalutowanie - nigdzie o tym nie pisało",
            "W 100% zadowolona z obsługi",
        ],
        "en": [
            "Promised 30% off for regulars, 0% at the till",
            "The 5 % cashback wasn't credited",
            "A 2.9% currency conversion fee - mentioned nowhere",
            "100% happy with the service",
        ],
    },
    "flight_number": {
        "pl": [
            "Rejs {V} przyleciał przed czasem, super",
            "Przesiadka na {V} niemożliwa przez opóźnienie pierwszego lotu",
            "Bagaż nie doleciał lotem {V}",
            "Na pokładzie {V} nie działała klimatyzacja",
        ],
        "en": [
            "Flight {V} landed early, great",
            "Couldn't make the connection to {V} because the first flight was late",
            "My bag didn't make it onto {V}",
            "The air-con on {V} didn't work",
        ],
    },
    "numeric_range": {
        "pl": [
            "Kolejka do kasy 15-20 osób i jedna kasa otwarta",
            "Zwrot w ciągu 7–14 dni roboczych? Za długo.",
            "Rozmiary 38-40 niedostępne od miesięcy",
            "Okno dostawy 10:00-14:00 to za szeroko",
        ],
        "en": [
            "Queue of 15-20 people and one till open",
            "Refund within 7–14 working days? Too slow.",
            "Sizes 38-40 out of stock for months",
            "A 10:00-14:00 delivery window is too wide",
        ],
    },
    "product_model": {
        "pl": [
            "Odkurzacz V15 Detect pada po 10 minutach",
            "Kupiłem router {V}, a przyszedł inny model",
            "iPhone 15 Pro z odzysku był jak nowy, polecam",
            "Lodówka RB34T600ESA nie chłodzi od tygodnia",
        ],
        "en": [
            "The V15 Detect vacuum dies after 10 minutes",
            "I bought router {V} and got a different model",
            "Refurbished iPhone 15 Pro was like new, recommended",
            "Fridge GBB72NSUCN hasn't cooled for a week",
        ],
    },
    "company_nip": {
        "pl": [
            "NIP naszej spółki to {V}, a na fakturze literówka",
            "{V} - nasz NIP, proszę o fakturę VAT zamiast paragonu",
            "Kontrahent o NIP {V} twierdzi, że przelew nie doszedł",
            "Zamawiamy jako firma (NIP: {V}) i co miesiąc problem z fakturą",
        ],
        "en": [
            "Our company's NIP is {V}, and the invoice has a typo",
            "{V} - our tax number, please send a VAT invoice instead of a receipt",
            "Supplier NIP {V} claims the transfer never arrived",
            "We order as a business (NIP: {V}) and every month the invoice is wrong",
        ],
    },
    "company_regon": {
        "pl": [
            "Numer REGON {V} nie zgadza się z rejestrem",
            "Umowa na firmę z REGON {V}, a dzwonią do mnie prywatnie",
            "Prosimy o zmianę REGON na {V} po przekształceniu spółki",
            "Na paragonie REGON {V} zamiast NIP",
        ],
        "en": [
            "REGON {V} doesn't match the business register",
            "Contract is for the company with REGON {V}, yet they call me privately",
            "Please change the REGON to {V} after the company conversion",
            "The receipt shows REGON {V} instead of the NIP",
        ],
    },
    "bank_code": {
        "pl": [
            "Przelew SEPA wrócił, bo BIC WBKPPLPP był źle wpisany w szablonie",
            "Numer banku 1020 1026 nie jest rozpoznawany przez aplikację",
            "Kod banku 1240 - czemu przelew do Pekao trwa 2 dni?",
            "Do przelewu do UK trzeba sort code 30-96-26, a formularz go nie przyjmuje",
        ],
        "en": [
            "SEPA transfer bounced because BIC WBKPPLPP was mistyped in the template",
            "Sort code 30-96-26 keeps getting rejected",
            "SWIFT PKOPPLPW or PKOPPLPWXXX - your staff don't know which one",
            "Bank code 1020 1026 isn't recognised by the app",
        ],
    },
    "card_masked": {
        "pl": [
            "Karta o końcówce 3318 zablokowana po jednym złym PIN-ie",
            "Aplikacja pokazuje kartę •••• 6604, choć ją usunąłem",
            "Zwrot na kartę ************9012? Ta karta jest już zamknięta.",
            "Płatność z **** 2207 nie przeszła, a środki zablokowane",
        ],
        "en": [
            "Card ending 5127 blocked after one wrong PIN",
            "App still shows card •••• 8830 though I removed it",
            "Refund to ************4471? That card is closed.",
            "Payment from **** 1968 failed but the funds are on hold",
        ],
    },
    "brand_domain": {
        "pl": [
            "Wolę kupować na empik.com, tu za długo czekałam",
            "Strona mbank.pl wylogowuje co 5 minut",
            "Zamówienie przez x-kom.pl przyszło na drugi dzień, super",
            "Opinie na ceneo.pl były lepsze niż rzeczywistość",
        ],
        "en": [
            "I'd rather shop on johnlewis.com, waited too long here",
            "Logged out of santander.co.uk every 5 minutes",
            "Ordered via currys.co.uk, arrived next day, great",
            "Reviews on trustpilot.com were better than reality",
        ],
    },
    "sentence_join": {
        "pl": [
            "Obsługa miła.Ma to znaczenie",
            "Było drogo.No ale jakość jest",
            "Cena OK.Co do dostawy, mogłaby być szybsza",
            "Polecam.Ps kurier był super",
        ],
        "en": [
            "Courier was rude.So was the helpline",
            "Good prices.Me and my wife shop here weekly",
            "Nice staff.In short, recommended",
            "App crashed again.Am I the only one?",
        ],
    },
    "abbreviation_dots": {
        "pl": [
            "Paczka przyszła ok. 22.00 tzn. w nocy",
            "Zwrot środków nast. dnia rob. - super",
            "Konsultant m.in. nie znał oferty",
            "Doradczyni wyjaśniła wszystko, tj. koszty, raty itd.",
        ],
        "en": [
            "Refund arrived the next day, i.e. very fast",
            "Queue at 9 a.m. was huge",
            "Shipping to the U.S.A. took a month",
            "Approx. 2 hrs. on hold, no apology",
        ],
    },
    "file_name": {
        "pl": [
            "Wysyłam nagranie film.mov, bo nie wierzycie, że drzwi nie działają",
            "Przy reklamacji system odrzuca zdjecia.zip",
            "Paragon w pliku paragon.jpeg jest nieczytelny po uploadzie",
            "Pobrany wyciag.xlsx ma złe kodowanie polskich znaków",
        ],
        "en": [
            "Sending video.mov since you don't believe the door is broken",
            "The complaint form rejects photos.zip",
            "receipt.png gets blurry after upload",
            "The downloaded export.xlsx has broken encoding",
        ],
    },
    "hashtag": {
        "pl": [
            "Jestem zachwycona #zakupy #polecam",
            "#dramat z tą infolinią",
            "Internet stoi od tygodnia #światłowódmarzeń",
            "Szybko, tanio, miło #10na10",
        ],
        "en": [
            "So happy #shopping #recommend",
            "#nightmare helpline",
            "No internet for a week #fibredreams",
            "Fast cheap friendly #10outof10",
        ],
    },
    "brand_mention": {
        "pl": [
            "Pisałam do @OrangePolska na Messengerze, po 3 dniach odpowiedź",
            "@LOTPolishAirlines zgubiliście mi walizkę",
            "@ZalandoPL zwroty najlepsze na rynku",
            "Napisałem do @ING_Polska i pomogli w 10 minut",
        ],
        "en": [
            "Messaged @VodafoneUK on Facebook, answer after 3 days",
            "@easyJet you lost my suitcase",
            "@ASOS_HeretoHelp returns are the best",
            "DMed @Monzo and they sorted it in 10 minutes",
        ],
    },
    "service_number": {
        "pl": [
            "Wysłałam SMS o treści STOP na 7080 i dalej przychodzą reklamy",
            "Kod *111*2# do sprawdzenia pakietu nie działa",
            "Po wybraniu 1, potem 3 i 5 czekam godzinę",
            "Na 19 115 mówili, żeby dzwonić do was, a wy odsyłacie do nich",
        ],
        "en": [
            "Texted STOP to 7081 and adverts keep coming",
            "Dialling *111*3# to check my bundle gives an error",
            "Press 1, then 3, then 5 and wait an hour",
            "Dialled 999 after the crash and the insurer still wants a report",
        ],
    },
    "measurement": {
        "pl": [
            "Zamówiłam 3 x 250 ml, przyszło 2",
            "Materac 160x200 okazał się 150x200",
            "Prędkość 300 Mb/s na papierze, w praktyce 40",
            "Bagaż 23 kg, a waga na lotnisku pokazała 25",
        ],
        "en": [
            "Ordered 3 x 330 ml, got 2",
            "The 140x200 mattress turned out to be 135x200",
            "600 Mb/s on paper, 40 in reality",
            "My 20 kg bag weighed 22 at the airport",
        ],
    },
    "score_fraction": {
        "pl": [
            "Spokojnie 8/10",
            "Za szybkość 10/10, za opakowanie 4/10",
            "Jak ktoś pyta, to 5 na 10",
            "Wcześniej dałbym 9/10, teraz 3/10",
        ],
        "en": [
            "Easily 8/10",
            "Speed 10/10, packaging 4/10",
            "If anyone asks, 5 out of 10",
            "Used to be 9/10, now 3/10",
        ],
    },
    "ticket_number": {
        "pl": [
            "Zgłoszenie serwisowe SR-559102 przekazane 'do działu technicznego' i koniec",
            "Reklamacja 2024/RK/0457 nierozpatrzona w terminie",
            "Nr sprawy 7390216, proszę o przyspieszenie",
            "Ticket #55871 - bez odpowiedzi od 10 dni",
        ],
        "en": [
            "Service request SR-559107 passed 'to the tech team' and that's it",
            "Complaint 2024/CP/0458 not handled in time",
            "Case no. 7390218, please speed it up",
            "Ticket #55879 - no reply for 10 days",
        ],
    },
}

PII_TEMPLATES = {"dev": DEV_PII, "test": TEST_PII}
LOOKALIKE_TEMPLATES = {"dev": DEV_LOOKALIKE, "test": TEST_LOOKALIKE}
