## Volunteer service certificates
certificates-asked = 📝 Certificate asked for; once a coordinator confirms it you will get it as a PDF.
certificates-ask-coordinator = 📜 Service certificate request #{ $id }: { $name } (user { $user }). Check their record, then issue it.
certificates-issue = ✅ Issue
certificates-refuse = ❌ Refuse
certificates-issued-done = ✅ Certificate #{ $id } issued.
certificates-refused-done = Certificate request #{ $id } refused.
certificates-told-issued = 📜 Your volunteer service certificate is issued; verification code { $code }. Anyone can check it with /verify { $code }.
certificates-told-refused = Sorry, your certificate request was not issued. Ask your coordinator if unsure.
certificates-verify-usage = Usage: /verify CODE, e.g. /verify ABCD-EFGH-JKLM-NPQR
certificates-genuine = ✅ Genuine: { $name }, { $hours } hours of volunteer service, issued { $day } (code { $code }).
certificates-title = Volunteer Service Certificate
certificates-personal = 1. Personal information
certificates-name = Name
certificates-team = Team
certificates-service = 2. Service
certificates-total = Hours served
certificates-hours = { $hours } h
certificates-period = Period
certificates-tasks = Services done
certificates-category = Category: { $name }
certificates-training = 3. Training
certificates-awards = 4. Awards
certificates-stars = Star level
certificates-stars-n = { $stars }-star volunteer
certificates-evaluation = 5. Evaluation
certificates-rating = Residents' rating (of 5)
certificates-issuer = Issued by: { $center }
certificates-issued = Issued on: { $day }
certificates-code = Verification code: { $code }
refused-certificates-volunteers-only = Certificates are issued to registered volunteers only.
refused-certificates-no-hours = You have no service hours on record yet.
refused-certificates-pending = You already have a request waiting.
refused-certificates-nobody-to-confirm = No coordinator over your site can confirm it yet; please ask the center.
refused-certificates-no-such = No such certificate request.
refused-certificates-not-your-own = You cannot issue your own certificate.
refused-certificates-decided = That request was already decided.
refused-certificates-not-genuine = ❌ No certificate has that code; please check it and try again.

## /mydata
mydata-section-certificates = Service certificates:
mydata-certificate = #{ $id } asked { $at }, status { $status }, { $hours } hours

## Names of the files sent
certificates-file = certificate-{ $id }.pdf
